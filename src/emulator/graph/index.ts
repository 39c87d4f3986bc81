// Microsoft Graph (v1.0 and beta) on the emulator: bearer authentication, the route table, throttling,
// JSON $batch, and the response headers Graph sends. Handlers work on GraphRequest objects, so a direct
// call and a $batch sub-request take exactly the same path.
import type { RequestContext } from '../http/context.ts';
import { BodyTooLargeError } from '../http/context.ts';
import { Router } from '../http/router.ts';
import type { EmulatorStore } from '../state/store.ts';
import type { SigningKey } from '../identity/signing-key.ts';
import type { OwnNames } from '../http/own-names.ts';
import { authenticate } from './auth.ts';
import { errorResponse, GE, GraphError } from './errors.ts';
import type { Caller, GraphHandler, GraphRequest, GraphResponse } from './types.ts';
import * as apps from './applications.ts';
import * as sps from './service-principals.ts';
import * as owners from './owners.ts';
import * as dir from './directory.ts';
import * as pol from './policies.ts';
import { listSignIns } from './signins.ts';
import { GraphAdmission, type ThrottleOptions } from './throttle.ts';
import { runBatch } from './batch.ts';
import { normalizePath } from './alternate-key.ts';

export interface GraphDeps {
  store: EmulatorStore;
  key: SigningKey;
  own: OwnNames;
  now: () => number;
  throttle?: ThrottleOptions;
}

const JSON_TYPE = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

function graphRoutes(now: () => number): Router<GraphHandler> {
  const d = () => new Date(now());
  const r = new Router<GraphHandler>();
  r.on('GET', '/applications', (q) => apps.listApplications(q))
    .on('POST', '/applications', (q) => apps.createApplication(q, d()))
    .on('GET', '/applications/$count', (q) => apps.countApplications(q))
    .on('GET', '/applications/:id', (q, p) => apps.getApplication(q, p.id!))
    .on('PATCH', '/applications/:id', (q, p) => apps.updateApplication(q, p.id!, d()))
    .on('DELETE', '/applications/:id', (q, p) => apps.deleteApplication(q, p.id!))
    .on('GET', '/applications/:id/owners', (q, p) => owners.listOwners(q, p.id!))
    .on('POST', '/applications/:id/owners/$ref', (q, p) => owners.addOwner(q, p.id!))
    .on('DELETE', '/applications/:id/owners/:owner/$ref', (q, p) => owners.removeOwner(q, p.id!, p.owner!))
    .on('GET', '/applications/:id/appManagementPolicies', (q, p) => pol.assignedPolicies(q, 'applications', p.id!))
    .on('POST', '/applications/:id/appManagementPolicies/$ref', (q, p) => pol.assignPolicy(q, 'applications', p.id!))
    .on('DELETE', '/applications/:id/appManagementPolicies/:pid/$ref', (q, p) => pol.unassignPolicy(q, 'applications', p.id!, p.pid!))
    .on('POST', '/applications/:id/:action', (q, p) => apps.applicationAction(q, p.id!, p.action!, d()))
    .on('GET', '/servicePrincipals', (q) => sps.listServicePrincipals(q))
    .on('POST', '/servicePrincipals', (q) => sps.createServicePrincipal(q, d()))
    .on('GET', '/servicePrincipals/:id', (q, p) => sps.getServicePrincipal(q, p.id!))
    .on('PATCH', '/servicePrincipals/:id', (q, p) => sps.updateServicePrincipal(q, p.id!))
    .on('DELETE', '/servicePrincipals/:id', (q, p) => sps.deleteServicePrincipal(q, p.id!))
    .on('GET', '/servicePrincipals/:id/appManagementPolicies', (q, p) => pol.assignedPolicies(q, 'servicePrincipals', p.id!))
    .on('POST', '/servicePrincipals/:id/appManagementPolicies/$ref', (q, p) => pol.assignPolicy(q, 'servicePrincipals', p.id!))
    .on('DELETE', '/servicePrincipals/:id/appManagementPolicies/:pid/$ref', (q, p) => pol.unassignPolicy(q, 'servicePrincipals', p.id!, p.pid!))
    .on('POST', '/servicePrincipals/:id/:action', (q, p) => sps.servicePrincipalAction(q, p.id!, p.action!, d()))
    .on('GET', '/me', (q) => dir.getMe(q))
    .on('GET', '/users', (q) => dir.listUsers(q))
    .on('GET', '/users/:id', (q, p) => dir.getUser(q, p.id!))
    .on('GET', '/organization', (q) => dir.listOrganization(q))
    .on('GET', '/policies/defaultAppManagementPolicy', (q) => pol.getDefaultPolicy(q))
    .on('PATCH', '/policies/defaultAppManagementPolicy', (q) => pol.updateDefaultPolicy(q))
    .on('GET', '/policies/appManagementPolicies', (q) => pol.listPolicies(q))
    .on('POST', '/policies/appManagementPolicies', (q) => pol.createPolicy(q))
    .on('GET', '/policies/appManagementPolicies/:id', (q, p) => pol.getPolicy(q, p.id!))
    .on('PATCH', '/policies/appManagementPolicies/:id', (q, p) => pol.updatePolicy(q, p.id!))
    .on('DELETE', '/policies/appManagementPolicies/:id', (q, p) => pol.deletePolicy(q, p.id!))
    .on('GET', '/policies/appManagementPolicies/:id/appliesTo', (q, p) => pol.policyAppliesTo(q, p.id!))
    .on('GET', '/auditLogs/signIns', (q) => listSignIns(q))
    // An unknown navigation segment is Graph's 400 "Resource not found for the segment", whatever the method
    // (without these, GET /applications/{id}/bogus would hit the POST :action route and answer 405).
    .on('*', '/applications/:id/:segment', (q) => { throw GE.noRoute(q.path); })
    .on('*', '/servicePrincipals/:id/:segment', (q) => { throw GE.noRoute(q.path); });
  return r;
}

export class GraphService {
  private readonly routes: Router<GraphHandler>;
  /** Throttling (when on) and the request/RU meter (always): GET /_emulator/stats reads it. */
  readonly admission: GraphAdmission;

  constructor(private readonly deps: GraphDeps) {
    this.routes = graphRoutes(deps.now);
    this.admission = new GraphAdmission(deps.throttle, deps.now);
  }

  /** Runs one Graph request (direct or from a batch) to a response; never throws GraphError. */
  async execute(req: GraphRequest): Promise<GraphResponse> {
    let headers: Record<string, string> = {};
    try {
      const admitted = this.admission.admit(req);
      if ('response' in admitted) return admitted.response;
      headers = admitted.headers;
      const found = this.routes.match(req.method, req.path);
      if (!('handler' in found)) throw found.methodMismatch ? GE.methodNotAllowed() : GE.noRoute(req.path);
      const res = await found.handler(req, found.params);
      if (req.method !== 'GET' && res.status < 400) this.deps.store.changed();
      return { ...res, headers: { ...headers, ...res.headers } };
    } catch (err) {
      if (err instanceof GraphError) {
        const r = errorResponse(err, req.requestId, req.clientRequestId);
        return { ...r, headers: { ...headers, ...r.headers } };
      }
      throw err;
    }
  }

  /** The HTTP entry point for /v1.0/* and /beta/*. */
  async handle(ctx: RequestContext): Promise<void> {
    const m = /^\/(v1\.0|beta)(\/.*)?$/i.exec(ctx.url.pathname);
    const version = (m?.[1]?.toLowerCase() ?? 'v1.0') as 'v1.0' | 'beta';
    const path = normalizePath(m?.[2] ?? '/');
    let res: GraphResponse;
    try {
      // Who is calling first: an unauthenticated client never gets to make us buffer a 4 MB body.
      const caller: Caller = await authenticate(ctx.header('authorization'), this.deps, this.deps.now());
      let body: string;
      try {
        body = (await ctx.body(4 * 1024 * 1024)).toString('utf8');
      } catch (err) {
        if (err instanceof BodyTooLargeError) throw new GraphError(413, 'Request_EntityTooLarge', 'The request is too large.');
        throw err;
      }
      const req: GraphRequest = {
        method: ctx.method === 'HEAD' ? 'GET' : ctx.method, version, path, query: ctx.url.searchParams, headers: lowerHeaders(ctx.req.headers),
        body, baseUrl: ctx.baseUrl, requestId: ctx.requestId, clientRequestId: ctx.clientRequestId, caller,
      };
      res = path === '/$batch' && req.method === 'POST' ? await runBatch(this, req) : await this.execute(req);
    } catch (err) {
      if (!(err instanceof GraphError)) throw err;
      res = errorResponse(err, ctx.requestId, ctx.clientRequestId);
    }
    send(ctx, res);
  }
}

function lowerHeaders(h: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

function send(ctx: RequestContext, res: GraphResponse): void {
  const headers: Record<string, string> = {
    'cache-control': 'no-cache', 'odata-version': '4.0', 'request-id': ctx.requestId, 'client-request-id': ctx.clientRequestId,
    'strict-transport-security': 'max-age=31536000',
    'x-ms-ags-diagnostic': JSON.stringify({ ServerInfo: { DataCenter: 'Emulator', Slice: 'E', Ring: '0', ScaleUnit: '000', RoleInstance: 'emulator' } }),
    ...res.headers,
  };
  if (res.status === 204 || res.body === undefined) return ctx.send(res.status, '', headers);
  if (typeof res.body === 'string') return ctx.send(res.status, res.body, { 'content-type': 'text/plain', ...headers });
  ctx.send(res.status, JSON.stringify(res.body), { 'content-type': JSON_TYPE, ...headers });
}
