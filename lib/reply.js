'use strict';
// How the JS layer reads the native layer's replies: the answer's JSON text, and for a list
// answer its `result`, parsed only when first read. A list can hold hundreds of thousands of
// names that most callers never look at (the explorer's backend reads `min`, `size` and
// `quorum_intersection`); the property is an ordinary enumerable property to every reader
// (JSON.stringify, spreading, Jest's equality), in the legacy key order.

/** The answer of a native reply. */
function answerOf(reply) {
  const answer = JSON.parse(reply.head);
  if (reply.hasList) {
    const settle = (value) =>
      Object.defineProperty(answer, 'result', { value, writable: true, enumerable: true, configurable: true });
    Object.defineProperty(answer, 'result', {
      enumerable: true,
      configurable: true,
      get() {
        const value = JSON.parse(reply.list());
        settle(value);
        return value;
      },
      set: settle,
    });
  }
  return answer;
}

module.exports = { answerOf };
