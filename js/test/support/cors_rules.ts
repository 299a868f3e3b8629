/**
 * A bucket's CORS configuration as S3 and GCS apply it, for the test
 * endpoint (object_endpoint.ts). Rules come in each service's own JSON, the
 * very text a user gives the console or the CLI (docs/stores.md):
 *
 * - S3 (also R2's dashboard): `[{ AllowedOrigins, AllowedMethods,
 *   AllowedHeaders, ExposeHeaders, MaxAgeSeconds, ID }]`. An origin or an
 *   allowed header may hold one `*` wildcard. A preflight matches the first
 *   rule that allows its origin, its method and every header it asks for, and
 *   is answered with the origin, the rule's methods, the asked headers echoed,
 *   the rule's exposed headers and max age; no match is a 403 (and no CORS
 *   configuration at all is a 403 too). A real request from an origin gets
 *   the CORS headers of the first rule matching its origin and method, and
 *   none otherwise: it is still served, and the browser hides the reply.
 * - GCS (`gcloud storage buckets update --cors-file`): `[{ origin, method,
 *   responseHeader, maxAgeSeconds }]`. `responseHeader` both lists the
 *   request headers a preflight may ask for and the response headers exposed;
 *   `"*"` in `origin` or `method` matches any. GCS leaves the CORS headers out
 *   of a refused preflight rather than failing it; a browser fails the
 *   request all the same.
 *
 * Names are case-insensitive except methods and origins; a rule with a key
 * the service does not know is refused, so a configuration that works here
 * is one the service would take.
 */

export type CorsDialect = "s3" | "gcs";

/** One rule of S3's CORS configuration (the console's JSON, the API's CORSRule). */
export interface S3CorsRule {
  AllowedOrigins: string[];
  AllowedMethods: string[];
  AllowedHeaders?: string[];
  ExposeHeaders?: string[];
  MaxAgeSeconds?: number;
  ID?: string;
}

/** One entry of a GCS bucket's `cors` (gcloud's --cors-file). */
export interface GcsCorsRule {
  origin?: string[];
  method?: string[];
  responseHeader?: string[];
  maxAgeSeconds?: number;
}

export type CorsConfiguration = S3CorsRule[] | GcsCorsRule[];

interface Rule {
  origins: string[];
  methods: string[];
  /** Request headers a preflight may ask for (lowercase patterns). */
  allowedHeaders: string[];
  exposeHeaders: string[];
  maxAge?: number;
}

export interface Preflight {
  allowed: boolean;
  status: number;
  headers: Record<string, string>;
  /** Why it was refused, as the service says it. */
  message?: string;
}

const S3_METHODS = ["GET", "PUT", "HEAD", "POST", "DELETE"];
const S3_KEYS = ["AllowedOrigins", "AllowedMethods", "AllowedHeaders", "ExposeHeaders", "MaxAgeSeconds", "ID"];
const GCS_KEYS = ["origin", "method", "responseHeader", "maxAgeSeconds"];

export class CorsRules {
  private readonly rules: Rule[];

  /** Parses and checks `config` in `dialect`'s format; throws on anything the service would refuse. */
  constructor(readonly dialect: CorsDialect, config: CorsConfiguration) {
    if (!Array.isArray(config) || config.length === 0) throw new Error("a CORS configuration is a non-empty array of rules");
    this.rules = config.map((raw, i) => (dialect === "s3" ? s3Rule(raw as S3CorsRule, i) : gcsRule(raw as GcsCorsRule, i)));
  }

  /** The answer to an OPTIONS request. */
  preflight(origin: string | undefined, method: string | undefined, requestHeaders: string | undefined): Preflight {
    const asked = (requestHeaders ?? "").split(",").map((h) => h.trim().toLowerCase()).filter(Boolean);
    if (!origin || !method) {
      return this.refusal(400, "Insufficient information. Origin request header needed.");
    }
    const rule = this.rules.find(
      (r) => this.originMatches(r, origin) && this.methodMatches(r, method) && asked.every((h) => r.allowedHeaders.some((p) => wildcard(p, h))),
    );
    if (!rule) {
      return this.refusal(
        403,
        "CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / " +
          "Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.",
      );
    }
    const headers = this.common(rule, origin);
    headers["Access-Control-Allow-Methods"] = this.dialect === "s3" ? rule.methods.join(", ") : method;
    if (asked.length > 0) headers["Access-Control-Allow-Headers"] = this.dialect === "s3" ? asked.join(", ") : rule.allowedHeaders.join(", ");
    if (rule.maxAge !== undefined) headers["Access-Control-Max-Age"] = String(rule.maxAge);
    headers["Vary"] = "Origin, Access-Control-Request-Headers, Access-Control-Request-Method";
    return { allowed: true, status: 200, headers };
  }

  /** The CORS headers of a real request from `origin`, or none when no rule allows it. */
  responseHeaders(origin: string | undefined, method: string): Record<string, string> {
    if (!origin) return {};
    const rule = this.rules.find((r) => this.originMatches(r, origin) && this.methodMatches(r, method));
    if (!rule) return { Vary: "Origin" };
    const headers = this.common(rule, origin);
    if (this.dialect === "s3") {
      headers["Access-Control-Allow-Methods"] = rule.methods.join(", ");
      if (rule.maxAge !== undefined) headers["Access-Control-Max-Age"] = String(rule.maxAge);
    }
    headers["Vary"] = "Origin";
    return headers;
  }

  private common(rule: Rule, origin: string): Record<string, string> {
    const any = rule.origins.includes("*");
    const headers: Record<string, string> = { "Access-Control-Allow-Origin": any && this.dialect === "s3" ? "*" : origin };
    if (!any && this.dialect === "s3") headers["Access-Control-Allow-Credentials"] = "true";
    if (rule.exposeHeaders.length > 0) headers["Access-Control-Expose-Headers"] = rule.exposeHeaders.join(", ");
    return headers;
  }

  private refusal(status: number, message: string): Preflight {
    // GCS answers a refused preflight without CORS headers instead of an error.
    if (this.dialect === "gcs") return { allowed: false, status: 200, headers: {}, message };
    return { allowed: false, status, headers: {}, message };
  }

  private originMatches(rule: Rule, origin: string): boolean {
    return rule.origins.some((p) => p === "*" || wildcard(p, origin, false));
  }

  private methodMatches(rule: Rule, method: string): boolean {
    return rule.methods.includes(method) || (this.dialect === "gcs" && rule.methods.includes("*"));
  }
}

/** A CORS configuration refused with the service's reason. */
export function refusedWithoutCors(dialect: CorsDialect): Preflight {
  if (dialect === "gcs") return { allowed: false, status: 200, headers: {}, message: "no CORS configuration" };
  return { allowed: false, status: 403, headers: {}, message: "CORSResponse: CORS is not enabled for this bucket." };
}

function s3Rule(raw: S3CorsRule, i: number): Rule {
  checkKeys(raw, S3_KEYS, `CORSRule ${i}`);
  const origins = strings(raw.AllowedOrigins, `CORSRule ${i} AllowedOrigins`, true);
  const methods = strings(raw.AllowedMethods, `CORSRule ${i} AllowedMethods`, true);
  for (const m of methods) {
    if (!S3_METHODS.includes(m)) throw new Error(`CORSRule ${i}: unsupported method '${m}' (S3 takes ${S3_METHODS.join(", ")})`);
  }
  for (const o of origins) if (o.split("*").length > 2) throw new Error(`CORSRule ${i}: origin '${o}' has more than one wildcard`);
  const allowed = strings(raw.AllowedHeaders ?? [], `CORSRule ${i} AllowedHeaders`, false).map((h) => h.toLowerCase());
  for (const h of allowed) if (h.split("*").length > 2) throw new Error(`CORSRule ${i}: header '${h}' has more than one wildcard`);
  const exposed = strings(raw.ExposeHeaders ?? [], `CORSRule ${i} ExposeHeaders`, false);
  for (const h of exposed) if (h.includes("*")) throw new Error(`CORSRule ${i}: ExposeHeaders takes no wildcard ('${h}')`);
  const rule: Rule = { origins, methods, allowedHeaders: allowed, exposeHeaders: exposed };
  if (raw.MaxAgeSeconds !== undefined) rule.maxAge = seconds(raw.MaxAgeSeconds, `CORSRule ${i} MaxAgeSeconds`);
  return rule;
}

function gcsRule(raw: GcsCorsRule, i: number): Rule {
  checkKeys(raw, GCS_KEYS, `cors[${i}]`);
  const headers = strings(raw.responseHeader ?? [], `cors[${i}].responseHeader`, false);
  const rule: Rule = {
    origins: strings(raw.origin ?? [], `cors[${i}].origin`, false),
    methods: strings(raw.method ?? [], `cors[${i}].method`, false).map((m) => m.toUpperCase()),
    allowedHeaders: headers.map((h) => h.toLowerCase()),
    exposeHeaders: headers,
  };
  if (raw.maxAgeSeconds !== undefined) rule.maxAge = seconds(raw.maxAgeSeconds, `cors[${i}].maxAgeSeconds`);
  return rule;
}

function checkKeys(raw: object, known: string[], where: string): void {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) throw new Error(`${where} must be an object`);
  for (const key of Object.keys(raw)) {
    if (!known.includes(key)) throw new Error(`${where}: unknown key '${key}' (the keys are ${known.join(", ")})`);
  }
}

function strings(value: unknown, where: string, required: boolean): string[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string" || v === "")) {
    throw new Error(`${where} must be an array of non-empty strings`);
  }
  if (required && value.length === 0) throw new Error(`${where} must not be empty`);
  return value as string[];
}

function seconds(value: unknown, where: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) throw new Error(`${where} must be a whole number of seconds`);
  return value;
}

/** `text` matches `pattern`, in which one `*` stands for any run of characters. */
function wildcard(pattern: string, text: string, ignoreCase = true): boolean {
  const [p, t] = ignoreCase ? [pattern.toLowerCase(), text.toLowerCase()] : [pattern, text];
  const star = p.indexOf("*");
  if (star < 0) return p === t;
  const head = p.slice(0, star);
  const tail = p.slice(star + 1);
  return t.length >= head.length + tail.length && t.startsWith(head) && t.endsWith(tail);
}
