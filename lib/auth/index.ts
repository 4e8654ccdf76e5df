export { ROLES, isRole, roleAllows, assertRole, AuthError, isAuthError, type Role, type Principal } from "./roles";
export { isPublicPath, csrfAllows, bearerToken } from "./request-guards";
export { LoginThrottle, MAX_FAILURES, WINDOW_MS } from "./login-throttle";
export { createApiToken, listApiTokens, revokeApiToken, principalFromToken, hashToken, type ApiTokenInfo } from "./tokens";
export { countUsers, listUsers, createUser, setUserRole, deleteUser, newUserSchema, UserConflictError, isUserConflictError, type UserInfo, type NewUser } from "./users";
export { createAuth, type Auth } from "./better-auth";
export { createAuthService, type AuthService } from "./service";
export { getAuthService } from "./instance";
