// What every runtime of the matrix runs: open, write, query, a typed error.
// `namidb` is the package as the runtime imports it (its own export condition).
export async function smoke(namidb, target, options = {}) {
  const db = await namidb.open(target, options);
  await db.write("CREATE (:Runtime {name: $name, n: 41})", { name: "matrix" });
  const { columns, rows } = await db.query("MATCH (r:Runtime) RETURN r.name AS name, r.n + 1 AS answer");
  let error;
  try {
    await db.query("MATCH (r:Runtime) RETURN nowhere");
  } catch (err) {
    error = {
      name: err.name,
      code: err.code,
      detail: err.detail,
      isCypherError: err instanceof namidb.CypherError,
      isNamiDBError: err instanceof namidb.NamiDBError,
    };
  }
  await db.close();
  return { columns, rows, error };
}
