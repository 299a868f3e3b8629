// JS side of the object-store bridge, linked into the module with --js-library.
//
// namidb_store_call is the module's one async import (ASYNCIFY_IMPORTS): the C++
// JsObjectStore calls it, Asyncify unwinds the wasm stack, and the call is
// handed to Module.namidbBridge (js/src/bridge.ts), which runs it against the
// user's JS store. When the promise settles the stack is rewound and C++ reads
// the reply through the small synchronous accessors below. Keeping all logic
// in TypeScript keeps this file to plumbing.
mergeInto(LibraryManager.library, {
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
  namidb_store_call__deps: ["$Asyncify", "$namidbExceptionType"],
  namidb_store_call: function (store, op, argPtr, argLen, bodyPtr, bodyLen) {
    return Asyncify.handleAsync(function () {
      var arg = UTF8ToString(argPtr, argLen);
      // Copy the body now: memory may grow (and move) while the store works.
      var body = bodyLen > 0 ? HEAPU8.slice(bodyPtr, bodyPtr + bodyLen) : new Uint8Array(0);
      return Module["namidbBridge"].call(store, op, arg, body);
    });
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
