/** The dialects by name. */
import { InvalidArgumentError } from "../errors.js";
import { AzureDialect } from "./azure_dialect.js";
import type { Dialect, DialectName } from "./dialect.js";
import { GcsDialect } from "./gcs_dialect.js";
import { S3Dialect } from "./s3_dialect.js";

/** The dialect `d` names (default "s3"); a Dialect object passes through. */
export function dialectOf(d: DialectName | Dialect | undefined): Dialect {
  if (d === undefined || d === "s3") return new S3Dialect();
  if (d === "gcs") return new GcsDialect();
  if (d === "azure") return new AzureDialect();
  if (typeof d === "object" && d !== null && typeof d.parseList === "function") return d;
  throw new InvalidArgumentError(`unknown dialect ${JSON.stringify(d)} ("s3", "gcs" or "azure")`);
}
