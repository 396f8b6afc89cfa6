// Type declarations for the undici modules the transport loads by path (undici ships types only
// for its index, which costs ~80 ms to import; Agent + request alone cost ~20 ms). undici is
// pinned (7.30.2) because these paths are private.
declare module 'undici/lib/dispatcher/agent.js' {
  import type { Agent } from 'undici';
  const AgentClass: typeof Agent;
  export default AgentClass;
}
declare module 'undici/lib/api/api-request.js' {
  import type { Dispatcher } from 'undici';
  function request(this: Dispatcher, opts: Dispatcher.RequestOptions): Promise<Dispatcher.ResponseData>;
  export default request;
}
