// The key of OtelProvider's bridge-port method, shared by every copy of otlp-lite in a process
// (Symbol.for): the optional bridges are separate entry points and must not import the
// provider's modules to find it. A constant only.

/** `provider[BRIDGE_PORT]()` returns the provider's BridgePort (lib/facades/bridge-port.ts). */
export const BRIDGE_PORT: unique symbol = Symbol.for('otlp-lite.bridge-port.v1') as never;
