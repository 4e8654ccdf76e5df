export { DEFAULT_DENY, parseCidr, cidrContains, type Cidr } from "./cidr";
export { outboundPolicy, outboundRequest, OutboundError, type OutboundPolicy, type OutboundResponse } from "./outbound";
export { deniedLiteral } from "./literal-deny";
