/**
 * The dev server's gatekeeper (a Vite plugin, installed for every `slidev`
 * dev server of this project by vite.config.ts). Slidev itself checks its
 * remote password only in the browser and lets anyone who reaches the server
 * edit the slides, so this guard decides every request, WebSocket upgrade and
 * WebSocket message on the server, and fails closed. Its parts, in
 * scripts/present/guard/:
 *
 * - target.ts: one view of the request. A request target not in canonical
 *   form (encoded `/`, `\` or `.`, dot-segments, double encoding, a segment
 *   `__proto__`, `prototype` or `constructor`, control characters, …) gets
 *   400 before any handler sees it, from any client; the guard decides on
 *   exactly the path the handlers read.
 * - origin.ts: no cross-origin use: a request whose `Origin` or
 *   `Sec-Fetch-Site` names another origin (another site, another port of
 *   localhost) gets 403, reads as well as writes (page navigations
 *   excepted); the server grants CORS to no other origin.
 * - addresses.ts: this machine is a loopback peer naming the server by a
 *   local Host, through no proxy; it may then do anything Slidev offers.
 * - password.ts: another machine brings the remote password once and gets a
 *   cookie (an HMAC token under a key made for this run); without either
 *   401, guessing slowed and then 429; without a password set, 403 and the
 *   server listens on 127.0.0.1 only.
 * - allow-list.ts: what a remote screen may do: GET and HEAD of the pages
 *   and modules a presenter or audience view needs, /@fs/ only under the
 *   folders the deck is built from, the presenter sync's POST at its exact
 *   path (its body checked, sync-body.ts), the HMR WebSocket and, on it,
 *   keep-alive and UnoCSS's layer report only. Everything else: 403, logged.
 * - gate.ts puts them together; plugin.ts wires the gate into Vite.
 */
export { clientKey, isFromThisMachine, isLocalHost, isLoopbackAddress, isLoopbackHostname } from './guard/addresses'
export { createAllowList, DECK_SOURCES, remoteMessageAllowed, SYNC_PATH } from './guard/allow-list'
export type { AllowList } from './guard/allow-list'
export { createGate, refusalText } from './guard/gate'
export type { Gate, GuardOptions, Verdict } from './guard/gate'
export { foreignOrigin } from './guard/origin'
export { LIMITS, MIN_PASSWORD_LENGTH, REMOTE_COOKIE } from './guard/password'
export type { Attempts, Status } from './guard/password'
export { remoteGuard } from './guard/plugin'
export { checkSyncBody } from './guard/sync-body'
export { canonicalTarget, MAX_TARGET } from './guard/target'
