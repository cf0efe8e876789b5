import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../server/store/store.ts';
import { ATTACHMENT_CHUNK_MEDIA_TYPE } from '../../shared/protocol/attachments.ts';
import { pullResponseSchema } from '../../shared/protocol/pull.ts';
import { pushResponseSchema } from '../../shared/protocol/push.ts';
import { walkthroughListResponseSchema } from '../../shared/protocol/walkthroughs.ts';
import { journeySchema } from '../../shared/schemas/journey.ts';
import { serviceSchema } from '../../shared/schemas/service.ts';
import { sha256Hex } from '../fixtures/make-screenshot.ts';
import { type Answer, type Client, client, envelope, openTwoTeams, type SeededTeam } from '../helpers/api-harness.ts';
import { type OpenedStore, storeFactories } from '../helpers/store-factories.ts';
import {
  CALLERS,
  type CallerName,
  type Ctx,
  declarationOf,
  ids,
  pushedBy,
  ROUTES,
  type Route,
  SCOPES,
  SCREENSHOT,
  type Scope,
  type TeamObjects,
} from './api-authorisation-matrix.ts';

/**
 * The catalog and sync routes × every kind of caller × own or other team, on SQLite and PostgreSQL: the table is
 * api-authorisation-matrix.ts, the rule each row is judged by is expectedStatus below.
 */

/** An answer whose body may not be JSON: parsed when it is (every error is), else left as null. */
async function rawAnswer(response: Response): Promise<Answer> {
  const text = await response.clone().text();
  const json = (response.headers.get('Content-Type') ?? '').startsWith('application/json');
  return { status: response.status, body: json ? JSON.parse(text) : null, response };
}

/** The rule under test, in one place. */
function expectedStatus(route: Route, caller: CallerName, scope: Scope): number {
  if (caller === 'none') return 401;
  if ((route.kind === 'write' || route.kind === 'lead-read') && caller === 'staff') return 403;
  if (caller === 'staff' && scope === 'own' && route.staff !== undefined) return route.staff;
  if (scope === 'other' && !route.collection) return route.otherTeam ?? 404;
  return route.ok;
}

const cases = ROUTES.flatMap((route) =>
  CALLERS.flatMap((caller) =>
    (route.collection ? (['own'] as const) : SCOPES).map((scope) => ({
      route,
      caller,
      scope,
      expected: expectedStatus(route, caller, scope),
    })),
  ),
);

describe.each(storeFactories())('authorisation matrix on $kind', ({ open }) => {
  let opened: OpenedStore;
  let store: Store;
  let teamA: SeededTeam;
  let teamB: SeededTeam;
  let objects: { A: TeamObjects; B: TeamObjects };
  let clients: Record<CallerName | 'otherTeamStaff', Client>;

  /** A complete screenshot of `walkthroughId`, uploaded by the team's second staff member (its sampler). */
  async function screenshotOf(team: SeededTeam, walkthroughId: string): Promise<string> {
    const id = ids();
    const now = new Date().toISOString();
    const owner = { teamId: team.teamId, uploaderId: team.otherStaff.userId, id };
    const declared = await store.declareAttachment({
      ...owner,
      walkthroughId,
      type: 'image/png',
      bytes: SCREENSHOT.byteLength,
      sha256: sha256Hex(SCREENSHOT),
      now,
    });
    expect(declared.status).toBe('created');
    const appended = await store.appendAttachmentChunk({ ...owner, start: 0, data: SCREENSHOT, now });
    expect(appended.status === 'appended' && appended.attachment.complete).toBe(true);
    return id;
  }

  async function catalogOf(team: SeededTeam, as: Client): Promise<TeamObjects> {
    const serviceId = serviceSchema.parse((await as.post('/services', { name: 'Portal' })).body).id;
    const journeyId = journeySchema.parse(
      (await as.post('/journeys', { serviceId, name: 'Reset', steps: [{ name: 'Open' }] })).body,
    ).id;
    await as.put(`/journeys/${journeyId}/targets`, { rev: null, duration: { thresholdMs: 60_000, share: 0.9 } });
    // A screenshot the team's staff member uploaded with one of their walkthroughs: what leads look at.
    const walkthroughId = await pushedBy(store, team.staff, journeyId);
    const attachmentId = ids();
    const staff = clients[team === teamA ? 'staff' : 'otherTeamStaff'];
    expect((await staff.put(`/attachments/${attachmentId}`, declarationOf(walkthroughId))).status).toBe(201);
    const sent = await staff.raw('PATCH', `/attachments/${attachmentId}`, {
      body: SCREENSHOT,
      headers: { 'Content-Type': ATTACHMENT_CHUNK_MEDIA_TYPE, 'Upload-Offset': '0' },
    });
    expect(sent.status).toBe(200);
    // The second staff member's walkthroughs, each with a screenshot (stored directly: uploads are tested above).
    const teammateWalkthroughId = await pushedBy(store, team.otherStaff, journeyId);
    const teammateAttachmentId = await screenshotOf(team, teammateWalkthroughId);
    const sharedWalkthroughId = await pushedBy(store, team.otherStaff, journeyId);
    const sharedAttachmentId = await screenshotOf(team, sharedWalkthroughId);
    const shared = await store.setWalkthroughSharing({
      teamId: team.teamId,
      walkthroughId: sharedWalkthroughId,
      shared: true,
      by: team.lead.userId,
      now: new Date().toISOString(),
    });
    expect(shared?.shared).toBe(true);
    return {
      teamId: team.teamId,
      serviceId,
      journeyId,
      staffId: team.staff.userId,
      walkthroughId,
      attachmentId,
      teammateWalkthroughId,
      teammateAttachmentId,
      sharedWalkthroughId,
      sharedAttachmentId,
    };
  }

  beforeAll(async () => {
    const setUp = await openTwoTeams(open);
    ({ opened, store, teamA, teamB } = setUp);
    const { app } = setUp;
    clients = {
      staff: client(app, teamA.staff.token),
      lead: client(app, teamA.lead.token),
      admin: client(app, teamA.admin.token),
      none: client(app),
      otherTeamLead: client(app, teamB.lead.token),
      otherTeamStaff: client(app, teamB.staff.token),
    };
    objects = { A: await catalogOf(teamA, clients.lead), B: await catalogOf(teamB, clients.otherTeamLead) };
  });
  afterAll(async () => {
    await opened.dispose();
  });

  it.each(cases)('$route.name as $caller on the $scope team: $expected', async ({ route, caller, scope, expected }) => {
    const callerTeam = caller === 'otherTeamLead' ? 'B' : 'A';
    const otherTeam = callerTeam === 'A' ? 'B' : 'A';
    const target = objects[scope === 'own' ? callerTeam : otherTeam];
    const member = caller === 'none' ? teamA.staff : caller === 'otherTeamLead' ? teamB.lead : teamA[caller];
    const ctx: Ctx = { store, target, caller: member, fresh: ids() };
    const body = await route.body?.(ctx);
    const raw = await route.raw?.(ctx);
    const before = await store.getService(target.teamId, target.serviceId);

    const path = route.path(target, ctx.fresh);
    const answer: Answer =
      raw === undefined && !route.binary
        ? await clients[caller].request(route.method, path, body)
        : await rawAnswer(await clients[caller].raw(route.method, path, raw ?? {}));
    expect(answer.status, JSON.stringify(answer.body)).toBe(expected);

    if (expected >= 400) {
      envelope(answer);
      // A refused write leaves the addressed record as it was.
      expect(await store.getService(target.teamId, target.serviceId)).toStrictEqual(before);
      return;
    }
    // Whatever comes back belongs to the caller's team, and only to it.
    const ownTeamId = objects[callerTeam].teamId;
    const text = JSON.stringify(answer.body);
    expect(text).not.toContain(objects[otherTeam].teamId);
    expect(text).not.toContain(objects[otherTeam].serviceId);
    if (route.binary) {
      expect(answer.response.headers.get('Content-Type')).toBe(route.contentType ?? 'image/png');
    } else if (route.name === 'push') {
      expect(pushResponseSchema.parse(answer.body).results[0]?.status).toBe('accepted');
    } else if (route.name.startsWith('pull')) {
      const page = pullResponseSchema.parse(answer.body);
      expect(page.services.every((s) => s.teamId === ownTeamId)).toBe(true);
      expect(page.walkthroughs.every((w) => w.samplerId === member.userId)).toBe(true);
    } else if (route.name === 'list walkthroughs') {
      const { items } = walkthroughListResponseSchema.parse(answer.body);
      expect(items.every((item) => item.record.journeyId === objects[callerTeam].journeyId)).toBe(true);
      if (caller === 'staff') expect(items.every((item) => item.samplerId === member.userId || item.shared)).toBe(true);
    } else if (answer.body !== null && typeof answer.body === 'object' && 'teamId' in answer.body) {
      expect(answer.body.teamId).toBe(ownTeamId);
    }
  });
});
