// JS side of the object-store bridge, linked into the module with --js-library.
//
// namidb_store_call is the module's async import for the store (ASYNCIFY_IMPORTS): the C++
// JsObjectStore calls it, Asyncify unwinds the wasm stack, and the call is
// handed to Module.namidbBridge (js/src/bridge.ts), which runs it against the
// user's JS store. When the promise settles the stack is rewound and C++ reads
// the reply through the small synchronous accessors below. Keeping all logic
// in TypeScript keeps this file to plumbing.
mergeInto(LibraryManager.library, {
  // Replaces Emscripten's own $getDynCaller (src/library.js), through which
  // embind calls every bound function and method: -sASYNCIFY forces DYNCALLS,
  // and the stock caller copies its arguments with Object.assign, looks up
  // Module["dynCall_" + sig] by name and calls it through
  // [ptr].concat(args) and apply, on every call: about 5 us of a prepared
  // statement's 23 us (docs/benchmarks.md, "Calls"). This one looks the
  // dynCall up on its first call and keeps it, and passes the arguments on through one array of its own; what it calls
  // and with what is the same.
  $getDynCaller: function (sig, ptr) {
    var f;
    // One array per caller, of the length its signature gives (the return
    // type, then ptr and the arguments), filled anew on each call: apply()
    // has copied it before f runs, so a call that re-enters this caller from
    // inside f does no harm.
    var args = new Array(sig.length);
    args[0] = ptr;
    return function () {
      f = f || Module["dynCall_" + sig];
      var n = arguments.length;
      var call = n + 1 === args.length ? args : new Array(n + 1);
      call[0] = ptr;
      for (var i = 0; i < n; i++) call[i + 1] = arguments[i];
      return f.apply(null, call);
    };
  },
  // The mangled type name of a C++ exception that escaped the module (this
  // Emscripten throws it into JS as a bare pointer): js/src/abort_reason.ts
  // names it in the error that says the instance died. A std::type_info is
  // {vtable, name}.
  $namidbExceptionType__deps: ["$ExceptionInfo"],
  $namidbExceptionType__postset: 'Module["namidbExceptionType"] = namidbExceptionType;',
  $namidbExceptionType: function (pointer) {
    var type = new ExceptionInfo(pointer).get_type();
    return type ? UTF8ToString(HEAPU32[(type + 4) >> 2]) : "";
  },
  // The most bytes of the Asyncify buffer (-sASYNCIFY_STACK_SIZE) one
  // suspension has used: read once the stack is unwound, before it is
  // rewound. Tests and benchmarks read Module.namidbAsyncifyPeak to show
  // that the deepest statement the engine accepts fits (docs/architecture.md,
  // "Bounded recursion").
  $namidbNoteAsyncifyUse__postset: 'Module["namidbAsyncifyPeak"] = 0;',
  $namidbNoteAsyncifyUse: function (result) {
    if (Asyncify.currData) {
      var used = HEAPU32[Asyncify.currData >>> 2] - (Asyncify.currData + 12);
      if (used > Module["namidbAsyncifyPeak"]) Module["namidbAsyncifyPeak"] = used;
    }
    return result;
  },
  namidb_store_call__deps: ["$Asyncify", "$namidbExceptionType", "$namidbNoteAsyncifyUse"],
  namidb_store_call: function (store, op, argPtr, argLen, bodyPtr, bodyLen) {
    return Asyncify.handleAsync(function () {
      var arg = UTF8ToString(argPtr, argLen);
      // Copy the body now: memory may grow (and move) while the store works.
      var body = bodyLen > 0 ? HEAPU8.slice(bodyPtr, bodyPtr + bodyLen) : new Uint8Array(0);
      return Module["namidbBridge"].call(store, op, arg, body).then(namidbNoteAsyncifyUse);
    });
  },
  // The cooperative yield of a statement that computes (src/query/execution/interrupts.h):
  // suspends the module for one turn of the event loop, so that timers, abort
  // handlers and a page's input run; then 0 to go on, 1 if the statement's
  // AbortSignal fired, 2 if its timeoutMs did.
  namidb_yield__deps: ["$Asyncify", "$namidbNoteAsyncifyUse"],
  namidb_yield: function (store) {
    return Asyncify.handleAsync(function () {
      return Module["namidbBridge"].yieldTurn(store).then(namidbNoteAsyncifyUse);
    });
  },
  // A procedure registered from JS (js/src/bridge.ts callProcedure): the
  // arguments as JSON; the reply ({rows} or {error}) is read like a store's.
  namidb_procedure_call__deps: ["$Asyncify"],
  namidb_procedure_call: function (handler, argsPtr, argsLen) {
    return Asyncify.handleAsync(function () {
      return Module["namidbBridge"].callProcedure(handler, UTF8ToString(argsPtr, argsLen));
    });
  },
  // LOAD CSV's sources (js/src/csv/csv_bridge.ts): open a URL, read the next
  // chunk of a handle; the reply ({handle, name}, {done} with the bytes, or
  // {error}) is read like a store's. Closing a handle does not suspend.
  namidb_csv_call__deps: ["$Asyncify", "$namidbNoteAsyncifyUse"],
  namidb_csv_call: function (store, op, argPtr, argLen) {
    return Asyncify.handleAsync(function () {
      return Module["namidbBridge"].csvCall(store, op, UTF8ToString(argPtr, argLen)).then(namidbNoteAsyncifyUse);
    });
  },
  namidb_csv_close: function (store, handle) {
    Module["namidbBridge"].csvClose(store, handle);
  },
  // A full chunk of the running statement's rows (api/row_chunk_writer.h),
  // copied out at once: the engine reuses its memory for the next.
  namidb_rows_chunk: function (store, ptr, length) {
    Module["namidbBridge"].rowsChunk(store, HEAPU8.slice(ptr, ptr + length));
  },
  namidb_reply_json_length: function () {
    return Module["namidbBridge"].replyJson.length;
  },
  namidb_reply_json_copy: function (dst) {
    HEAPU8.set(Module["namidbBridge"].replyJson, dst);
  },
  namidb_reply_data_length: function (index) {
    return Module["namidbBridge"].replyData[index].length;
  },
  namidb_reply_data_copy: function (index, dst) {
    HEAPU8.set(Module["namidbBridge"].replyData[index], dst);
  },
  namidb_reply_clear: function () {
    Module["namidbBridge"].clearReply();
  },
});
