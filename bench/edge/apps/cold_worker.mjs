// Cold start in workerd: the first request to a fresh isolate loads the
// engine (the wasm module is compiled when the Worker's modules load),
// opens memory:// and answers.
import { open } from "namidb-wasm";

export default {
  async fetch() {
    const db = await open("memory://cold");
    const { rows } = await db.query("RETURN 41 + 1 AS answer");
    await db.close();
    return Response.json({ answer: rows[0][0] });
  },
};
