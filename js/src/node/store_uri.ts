/**
 * Store URIs for tools that run where credentials may live (the CLI): each
 * names a store and a namespace in it, `<prefix>/<namespace>` the last path
 * segments. Signed stores are signed in-process by a Presigner restricted to
 * that namespace, with credentials from the environment.
 *
 *   file:./data?ns=demo                            a local folder (FileStore)
 *   s3://bucket/prefix/demo[?endpoint=URL&region=R]  S3, R2, MinIO (path style with endpoint)
 *                                                  AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY[, AWS_SESSION_TOKEN]
 *   gs://bucket/prefix/demo[?endpoint=URL]           GCS XML API with HMAC keys
 *                                                  GCS_HMAC_ACCESS_KEY_ID, GCS_HMAC_SECRET
 *   azure://account/container/prefix/demo[?endpoint=URL]   Azure Blob (endpoint: Azurite's)
 *                                                  AZURE_STORAGE_KEY
 *   https://host/path/demo/                        public read-only (a CDN, a static site)
 */
import { InvalidArgumentError } from "../errors.js";
import { FetchStore } from "../fetch/fetch_store.js";
import { parsePublicUrl } from "../fetch/public_url.js";
import { Presigner, type PresignerConfig } from "../presign/presigner.js";
import type { ObjectStore } from "../store.js";
import { FileStore } from "./file_store.js";
import { parseFileUri } from "./open.js";

export interface StoreLocation {
  store: ObjectStore;
  namespace: string;
  prefix: string;
}

type Env = Record<string, string | undefined>;

function needEnv(env: Env, name: string, uri: string): string {
  const value = env[name];
  if (!value) throw new InvalidArgumentError(`'${uri}' needs the environment variable ${name}`);
  return value;
}

function split(uri: string, path: string): { prefix: string; namespace: string } {
  const segments = path.split("/").filter(Boolean);
  const namespace = segments.pop();
  if (!namespace || !/^[a-z0-9][a-z0-9-]{0,62}$/.test(namespace)) {
    throw new InvalidArgumentError(`'${uri}' does not end in a namespace name ([a-z0-9][a-z0-9-]{0,62})`);
  }
  return { prefix: segments.join("/"), namespace };
}

function signed(config: Omit<PresignerConfig, "prefixes" | "access">, where: { prefix: string; namespace: string }): StoreLocation {
  const folder = where.prefix ? `${where.prefix}/${where.namespace}/` : `${where.namespace}/`;
  const presigner = new Presigner({ ...config, prefixes: [folder], access: "write" });
  const store = new FetchStore({ dialect: config.dialect, presignBatch: (r) => presigner.presignBatch(r) });
  return { store, ...where };
}

/** The store and namespace a URI names (see the module comment). */
export function storeFromUri(uri: string, env: Env = process.env): StoreLocation {
  if (uri.startsWith("file:")) {
    const { dir, namespace } = parseFileUri(uri);
    return { store: new FileStore(dir), namespace, prefix: "" };
  }
  if (uri.startsWith("https://") || uri.startsWith("http://")) {
    const { baseUrl, namespace } = parsePublicUrl(uri);
    return { store: new FetchStore({ baseUrl }), namespace, prefix: "" };
  }
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw new InvalidArgumentError(`'${uri}' is not a store URI (file:, s3://, gs://, azure://, https://)`);
  }
  const endpoint = url.searchParams.get("endpoint")?.replace(/\/$/, "");
  const path = decodeURIComponent(url.pathname);
  switch (url.protocol) {
    case "s3:": {
      const region = url.searchParams.get("region") ?? env["AWS_REGION"] ?? "us-east-1";
      const credentials = {
        accessKeyId: needEnv(env, "AWS_ACCESS_KEY_ID", uri),
        secretAccessKey: needEnv(env, "AWS_SECRET_ACCESS_KEY", uri),
        ...(env["AWS_SESSION_TOKEN"] ? { sessionToken: env["AWS_SESSION_TOKEN"] } : {}),
      };
      const bucketUrl = endpoint ? `${endpoint}/${url.hostname}/` : `https://s3.${region}.amazonaws.com/${url.hostname}/`;
      return signed({ dialect: "s3", bucketUrl, credentials, region }, split(uri, path));
    }
    case "gs:": {
      const credentials = {
        accessKeyId: needEnv(env, "GCS_HMAC_ACCESS_KEY_ID", uri),
        secretAccessKey: needEnv(env, "GCS_HMAC_SECRET", uri),
      };
      const bucketUrl = `${endpoint ?? "https://storage.googleapis.com"}/${url.hostname}/`;
      return signed({ dialect: "gcs", bucketUrl, credentials, region: "auto" }, split(uri, path));
    }
    case "azure:": {
      const [container, ...rest] = path.split("/").filter(Boolean);
      if (!container) throw new InvalidArgumentError(`'${uri}' names no container (azure://account/container/prefix/namespace)`);
      const account = url.hostname;
      const bucketUrl = endpoint ? `${endpoint}/${account}/${container}/` : `https://${account}.blob.core.windows.net/${container}/`;
      const credentials = { accountName: account, accountKey: needEnv(env, "AZURE_STORAGE_KEY", uri) };
      return signed({ dialect: "azure", bucketUrl, credentials }, split(uri, rest.join("/")));
    }
    default:
      throw new InvalidArgumentError(`'${uri}' is not a store URI (file:, s3://, gs://, azure://, https://)`);
  }
}
