/**
 * The package's own database worker, started by `open(target, { worker: true })`.
 * It serves the URIs open() knows: opfs://<namespace> and memory://<namespace>.
 */
import { serveDatabases } from "./serve.js";

serveDatabases();
