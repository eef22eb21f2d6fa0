package corral.runtime.rpc;

/** A call on its way to a hook: the method and its parameters, which the receiver owns. */
record CallRequest(long interfaceId, short methodId, Payload params) {}
