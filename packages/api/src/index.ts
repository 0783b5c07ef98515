// @lifeboat/api — the tRPC backend-for-frontend. Never imports next/*: apps/web mounts
// `appRouter` at /api/trpc and calls the auth helpers from its next-auth configuration.
export { appRouter, createCaller, type AppRouter } from "./root.ts";
export { createContext, type Context, type CreateContextOptions, type Session, type SessionUser } from "./context.ts";
export { createConsoleLog, silentLog, type ApiLog } from "./log.ts";
export { RoleSchema, hasRole, type Role } from "./roles.ts";
export { logInternalError, redactSecrets, toTRPCError } from "./errors.ts";
export { createUpstreamFor, type UpstreamClient, type UpstreamFor } from "./upstream/upstream-for.ts";
export {
  authorizeCredentials,
  SecondFactorInvalidError,
  SecondFactorRequiredError,
  SignInRateLimitedError,
  type AuthorizedUser,
  type AuthorizeDeps,
  type CredentialsInput,
} from "./auth/authorize-credentials.ts";
export {
  createSignInLimiter,
  DEFAULT_SIGN_IN_LIMITS,
  type SignInLimiter,
  type SignInLimiterOptions,
} from "./auth/sign-in-limiter.ts";
export { upsertOidcUser, type OidcProfile, type OidcSignInResult } from "./auth/oidc-user.ts";
export {
  endSession,
  endUserSessions,
  findActiveSession,
  SESSION_MAX_AGE_SECONDS,
  startSession,
  type ActiveSessionUser,
  type SignInMethod,
  type StartSessionInput,
} from "./auth/sessions.ts";
export { matchTotp, TOTP_PERIOD_SECONDS, RECOVERY_CODE_COUNT } from "./auth/two-factor.ts";
export { writeAuditEvent, type AuditEventInput } from "./audit/write-audit-event.ts";
export { AREA_ACCESS, type AreaProcedurePath } from "./services/area-access.ts";
export {
  DOWNLOAD_ROUTE,
  DOWNLOAD_TICKET_TTL_MS,
  redeemDownloadTicket,
  type IssuedTicket,
  type RedeemDeps,
  type RedeemedDownload,
} from "./services/download-ticket.ts";
export { runView, type RunView } from "./services/views.ts";
export { LIVE_POLL_INTERVAL_MS } from "./live/live-updates.ts";
export { LIVE_ACCESS_RECHECK_MS } from "./live/access-recheck.ts";
export { IdempotencyKeySchema, purgeExpiredIdempotencyKeys } from "./services/idempotency.ts";
export {
  API_TOKEN_PREFIX,
  bearerApiToken,
  contextFromApiToken,
  generateApiToken,
  hashApiToken,
  type ApiTokenContextOptions,
  type ApiTokenPrincipal,
} from "./auth/api-token.ts";
export {
  ApiRateLimitedError,
  apiRateLimitsFromEnv,
  createApiRateLimiter,
  DEFAULT_API_RATE_LIMITS,
  rateLimitResponseMeta,
  retryAfterOf,
  type ApiRateLimiter,
  type ApiRateLimiterOptions,
  type ApiRateLimits,
} from "./rate-limit/api-rate-limiter.ts";
export { openApiDocument, REST_BASE_PATH } from "./openapi/document.ts";
export { handleRestRequest, type RestHandlerDeps } from "./openapi/rest-handler.ts";
export { runOpsSyncTick, startOpsSync, type OpsSyncDeps, type OpsSyncHandle, type OpsSyncTickReport } from "./ops/ops-sync.ts";
export { DEFAULT_SYNC_BUDGET, type SyncBudget } from "./ops/sync-connection.ts";
export {
  HOUSEKEEPING_INTERVAL_MS,
  purgeExpiredRows,
  startHousekeeping,
  type HousekeepingHandle,
  type PurgeReport,
} from "./ops/housekeeping.ts";
export { startAlertJobs, ALERT_QUEUES, type AlertJobsHandle, type AlertJobsOptions } from "./alerts/alert-jobs.ts";
export { runAlertEvaluation, type EvaluationReport } from "./alerts/evaluate.ts";
export { deliverNotification } from "./alerts/notify.ts";
export { sendWeeklyReports } from "./alerts/weekly-report.ts";
export { signatureOf, SIGNATURE_HEADER } from "./alerts/senders.ts";
export { WebhookPayloadSchema, type WebhookPayload } from "./alerts/payload.ts";
export { ALERT_CONDITIONS, CONDITIONS, type AlertCondition, type AlertSeverity } from "./alerts/catalogue.ts";
export { handleMetricsRequest, type MetricsHandlerDeps } from "./metrics/metrics-handler.ts";
