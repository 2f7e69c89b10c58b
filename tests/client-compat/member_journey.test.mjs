// A member's journey with the official client (issue 10): sign in, apply, be approved by an admin, complete the
// profile, add a project with skills, submit an activity and have it approved (PULPA), enrol in a program, be marked
// present at a session. The member's ConvexClient talks to POKTAPOK_URL; the admin's ConvexClient to POKTAPOK_URL_B
// (a second server process on the same database) when set, else the same server. Each step is checked in the admin's
// live queries (directory, admin queues, stats): values pushed by the server to onUpdate/onPaginatedUpdate callbacks,
// never re-fetched. Tokens are dev tokens (./support.mjs); the admin is made one by an operator with the admin key.
//
// The steps share one member and one admin and run in order; after a failure the rest are skipped.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import WebSocket from "ws";
import { ConvexClient, ConvexHttpClient } from "convex/browser";
import { mint, waitFor } from "./support.mjs";

const url = process.env.POKTAPOK_URL;
const urlB = process.env.POKTAPOK_URL_B ?? url;
const adminKey = process.env.POKTAPOK_ADMIN_KEY;
const keyPath = process.env.POKTAPOK_DEV_KEY;
const missing = !url || !adminKey || !keyPath ? "POKTAPOK_URL, POKTAPOK_ADMIN_KEY and POKTAPOK_DEV_KEY are set by ./scripts/test" : false;

// Live results arrive within this; a step that takes longer has not been pushed.
const LIVE_MS = 15_000;
const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const page = (numItems = 100) => ({ numItems, cursor: null });
const show = (value) => JSON.stringify(value, (_, v) => (typeof v === "bigint" ? `${v}n` : v));
const clip = (text, n = 600) => (text.length > n ? `${text.slice(0, n)}…(${text.length} chars)` : text);

/** A ConvexClient that keeps its log lines (shown when a step fails) and reports auth changes. */
function makeClient(address, label) {
  const logs = [];
  const record = (level) => (...args) => logs.push(`${label} ${level}: ${args.map((a) => (typeof a === "string" ? a : show(a))).join(" ")}`);
  const logger = { logVerbose: () => {}, log: record("log"), warn: record("warn"), error: record("error"), addLogLineListener: () => () => {} };
  const client = new ConvexClient(address, { webSocketConstructor: WebSocket, logger, unsavedChangesWarning: false });
  return Object.assign(client, { logs, label });
}

/** Signs a client in with a dev token for `did` and waits until the server has confirmed it. */
async function signIn(client, did) {
  const changes = [];
  client.setAuth(async () => mint(did, 3600), (isAuthenticated) => changes.push(isAuthenticated));
  await waitFor(() => changes.includes(true), LIVE_MS, `${client.label}: the server to accept the token`, () => show(changes));
  assert.ok(!changes.includes(false), `${client.label}: the token was refused`);
}

/** A live query: every value and error the server pushes, with waiting on the latest value. */
function watch(client, path, args) {
  const rec = { path, values: [], errors: [] };
  rec.unsubscribe = client.onUpdate(path, args, (v) => rec.values.push(v), (e) => rec.errors.push(e));
  rec.last = () => rec.values.at(-1);
  rec.until = (predicate, what) =>
    waitFor(() => rec.values.length > 0 && predicate(rec.last()), LIVE_MS, `${client.label} ${path}: ${what}`,
      () => `last value ${clip(show(rec.last()))}; errors ${rec.errors.map(String)}`);
  return rec;
}

/** A live paginated query (the client's own pagination): the loaded items so far, kept current by the server. */
function watchPages(client, path, args, initialNumItems = 100) {
  const rec = { path, latest: undefined, errors: [] };
  rec.unsubscribe = client.onPaginatedUpdate_experimental(path, args, { initialNumItems }, (r) => (rec.latest = r), (e) => rec.errors.push(e));
  rec.items = () => rec.latest?.results ?? [];
  rec.until = (predicate, what) =>
    waitFor(() => rec.latest && !rec.latest.status.startsWith("Loading") && predicate(rec.items()), LIVE_MS, `${client.label} ${path}: ${what}`,
      () => `status ${rec.latest?.status}, items ${clip(show(rec.items()))}; errors ${rec.errors.map(String)}`);
  return rec;
}

describe("a member's journey with the official client", { skip: missing }, () => {
  const state = {};
  let member;
  let admin;
  let operator;
  let failed = false;
  const live = {};

  /** One step of the journey: skipped once an earlier one failed; a failure shows both clients' logs. */
  const step = (name, body) =>
    test(name, { timeout: 120_000 }, async (t) => {
      if (failed) {
        t.skip("an earlier step failed");
        return;
      }
      try {
        await body();
      } catch (error) {
        failed = true;
        const logs = [...member.logs, ...admin.logs].slice(-30).map((l) => clip(l));
        if (logs.length > 0 && error && typeof error === "object") {
          try {
            error.message += `\n--- client logs ---\n${logs.join("\n")}`;
          } catch {
            // a frozen error: keep it as it is
          }
        }
        throw error;
      }
    });

  const memberDid = `did:privy:journey-member-${run}`;
  const adminDid = `did:privy:journey-admin-${run}`;
  const memberEmail = `journey-${run}@example.org`;
  const username = `journey_${run}`;

  before(async () => {
    member = makeClient(url, "member");
    admin = makeClient(urlB, "admin");
    operator = new ConvexHttpClient(url);
    operator.setAdminAuth(adminKey);

    // The admin: signs in, applies, is approved and made an admin by the operator (the dashboard's key).
    await signIn(admin, adminDid);
    const { user } = await admin.mutation("users:login", { loginMethod: "email", email: `journey-admin-${run}@example.org` });
    await admin.mutation("applications:submit", { goal: "Run the club", motivationText: "I review applications." });
    assert.deepEqual(await operator.mutation("admin:approveUser", { userId: user._id }), { userId: user._id, accountStatus: "active" });
    const role = await operator.mutation("admin:setRole", { userId: user._id, role: "admin", reason: "journey test" });
    assert.equal(role.newRole, "admin");
    state.adminId = user._id;

    // A program the member will apply to (approval enrols them in it).
    const { program } = await admin.mutation("programs:create", {
      name: `Journey cohort ${run}`, description: "The program the journey's member applies to.", programType: "evergreen",
    });
    state.appliedProgram = program;

    await signIn(member, memberDid);

    // The admin's live queries, subscribed before the member does anything. The member is unknown yet: the
    // searches use the username and email chosen for this run.
    live.statsAdmin = watch(admin, "stats:admin", {});
    live.statsPublic = watch(admin, "stats:public", {});
    live.users = watchPages(admin, "admin:listUsers", { search: memberEmail });
    live.pending = watchPages(admin, "admin:listPendingUsers", {});
    live.directory = watchPages(admin, "profiles:directory", { search: username });
    live.applications = watchPages(admin, "applications:adminList", { status: "pending", programId: program._id });
    await Promise.all([
      live.statsAdmin.until(() => true, "the first result"),
      live.statsPublic.until(() => true, "the first result"),
      live.users.until((items) => items.length === 0, "no account for the member yet"),
      live.pending.until(() => true, "the first page"),
      live.directory.until((items) => items.length === 0, "no directory entry for the member yet"),
      live.applications.until(() => true, "the first page"),
    ]);
    state.base = { admin: live.statsAdmin.last(), public: live.statsPublic.last() };
  });

  after(async () => {
    await Promise.all([member, admin].filter(Boolean).map((c) => c.close().catch(() => {})));
  });

  step("1. signs in: the account is created and appears in the admin's user list", async () => {
    const me = watch(member, "users:me", {});
    await me.until((v) => v === null, "no account before the first login");

    const login = await member.mutation("users:login", { loginMethod: "email", email: memberEmail });
    assert.equal(login.isNew, true);
    assert.equal(login.user.accountStatus, "incomplete");
    assert.equal(login.user.email, memberEmail);
    assert.equal(login.profile, null);
    state.memberId = login.user._id;
    // Read your writes: the member's own subscription already shows the account when the mutation resolves.
    assert.equal(me.last()?.user._id, state.memberId, "users:me shows the new account as soon as login resolves");

    await live.users.until((items) => items.some((u) => u._id === state.memberId && u.accountStatus === "incomplete"),
      "the new incomplete account");
    me.unsubscribe();
  });

  step("2. applies: the admin's pending queue and the stats show the application", async () => {
    await member.mutation("users:updateMe", { username, displayName: `Journey ${run}`, bio: "Learning in public." });
    const { application } = await member.mutation("applications:submit", {
      programId: state.appliedProgram._id,
      goal: "Ship a dapp",
      motivationText: "I want to build with the club.",
      githubUsername: `gh-${run}`,
    });
    assert.equal(application.status, "pending");
    state.applicationId = application._id;

    const entry = await live.pending.until((items) => items.some((e) => e.user._id === state.memberId), "the member in the pending queue")
      .then(() => live.pending.items().find((e) => e.user._id === state.memberId));
    assert.equal(entry.user.accountStatus, "pending");
    assert.equal(entry.user.username, username);
    assert.equal(entry.application?._id, state.applicationId, "the queue carries the application");
    assert.equal(entry.profile?.githubUsername, `gh-${run}`, "the application's socials went to the profile");

    await live.applications.until((items) => items.some((e) => e.application._id === state.applicationId), "the application in the program's queue");
    await live.users.until((items) => items.some((u) => u._id === state.memberId && u.accountStatus === "pending"), "the account pending");
    const base = state.base.admin;
    await live.statsAdmin.until((s) => s.applications.pending === base.applications.pending + 1
      && s.users.byStatus.pending === base.users.byStatus.pending + 1, "one more pending application and pending account");
  });

  step("3. is approved by the admin: the queue empties, the directory lists the member, the stats count a member", async () => {
    const mine = watch(member, "enrollments:mine", {});
    await mine.until((v) => v.enrollments.length === 0, "no enrollment before approval");

    // The admin reviews the application the queue showed (through the second server).
    const queued = live.pending.items().find((e) => e.user._id === state.memberId);
    const { application } = await admin.mutation("applications:review", { applicationId: queued.application._id, decision: "approve" });
    assert.equal(application.status, "approved");
    assert.equal(application.reviewedByUserId, state.adminId);

    await live.pending.until((items) => !items.some((e) => e.user._id === state.memberId), "the member to leave the pending queue");
    await live.applications.until((items) => !items.some((e) => e.application._id === state.applicationId), "the application to leave the queue");
    const base = state.base;
    await live.statsAdmin.until((s) => s.applications.pending === base.admin.applications.pending
      && s.users.byStatus.pending === base.admin.users.byStatus.pending
      && s.users.byStatus.active === base.admin.users.byStatus.active + 1, "the application settled and one more active account");
    await live.statsPublic.until((s) => s.members === base.public.members + 1, "one more member");
    // Approved with the minimal profile the application made: public, so the directory lists it.
    await live.directory.until((items) => items.some((e) => e.userId === state.memberId), "the member in the directory");

    // The member's own view (on the other server): active, and enrolled in the program applied to.
    await mine.until((v) => v.enrollments.some((e) => e.programId === state.appliedProgram._id && e.status === "enrolled"),
      "the enrollment the approval created");
    const me = await member.query("users:me", {});
    assert.equal(me.user.accountStatus, "active");
    mine.unsubscribe();
  });

  step("4. completes the profile: the directory entry changes", async () => {
    const mineProfile = watch(member, "profiles:getMine", {});
    await mineProfile.until((p) => p !== null && p.city === null, "the minimal profile");

    const { profile } = await member.mutation("profiles:upsertMine", {
      city: "Guadalajara",
      country: "Mexico",
      countryCode: "MX",
      learningTracks: ["ai", "crypto"],
      availabilityStatus: "open_to_offers",
      socialLinks: { twitter: `@tw_${run}` },
    });
    assert.equal(profile.city, "Guadalajara");
    assert.equal(profile.twitterUsername, `tw_${run}`, "the leading @ is stripped");
    assert.equal(profile.githubUsername, `gh-${run}`, "an omitted social link keeps its value");
    assert.equal(mineProfile.last().city, "Guadalajara", "the member's own subscription already shows it");

    await live.directory.until((items) => {
      const e = items.find((x) => x.userId === state.memberId);
      return e && e.city === "Guadalajara" && e.countryCode === "MX" && e.availabilityStatus === "open_to_offers"
        && show(e.learningTracks) === show(["ai", "crypto"]) && e.twitterUsername === `tw_${run}`;
    }, "the completed profile in the directory");
    mineProfile.unsubscribe();
  });

  step("5. adds a project with skills: the directory filtered by skill and the project count follow", async () => {
    const { skills } = await member.query("skills:list", { limit: 100 });
    assert.ok(skills.length >= 2, `the seeded skills are listed (${skills.length})`);
    const chosen = skills.slice(-2); // the least used: the skill filter below is then about this project
    const bySkill = watchPages(admin, "profiles:directory", { search: username, skillIds: [chosen[0]._id] });
    await bySkill.until((items) => items.length === 0, "nobody with that skill under this username yet");
    const mySkills = watch(member, "skills:listForUser", { userId: state.memberId });
    await mySkills.until((v) => v.total === 0, "no skills yet");

    const { project } = await member.mutation("projects:create", {
      title: `Journey dapp ${run}`,
      description: "A small dapp built during the journey test.",
      projectType: "personal",
      projectStatus: "completed",
      repositoryUrl: `https://github.com/gh-${run}/dapp`,
      skillIds: chosen.map((s) => s._id),
    });
    assert.deepEqual(project.skills.map((s) => s._id).sort(), chosen.map((s) => s._id).sort());
    assert.equal(project.owner._id, state.memberId);
    assert.equal(typeof project.publishedAt, "number", "a completed project is published");

    await bySkill.until((items) => items.some((e) => e.userId === state.memberId), "the member under the project's skill");
    await live.statsPublic.until((s) => s.projects === state.base.public.projects + 1, "one more published project");
    await mySkills.until((v) => v.total === 2 && v.skills.every((s) => s.projectCount === 1), "the two skills derived from the project");
    const listed = await member.query("projects:listMine", { paginationOpts: page(10) });
    assert.deepEqual(listed.page.map((p) => p._id), [project._id]);
    bySkill.unsubscribe();
    mySkills.unsubscribe();
  });

  step("6. submits an activity: it is in the admin's submissions queue", async () => {
    const created = await admin.mutation("activities:create", {
      title: `Write about the journey ${run}`,
      description: "Publish a short post about what you built this week.",
      activityType: "blog_post",
      difficulty: "beginner",
      rewardPulpaAmount: "25.5",
      evidenceRequirements: { urlRequired: true, screenshotRequired: false, textRequired: false },
      maxSubmissionsPerUser: 1,
      status: "active",
    });
    assert.equal(created.status, "active");
    state.activityId = created._id;
    const base = state.base;
    await live.statsPublic.until((s) => s.activeActivities === base.public.activeActivities + 1, "one more active activity");
    await live.statsAdmin.until((s) => s.activities.byStatus.active === base.admin.activities.byStatus.active + 1, "one more active activity");

    live.queue = watchPages(admin, "submissions:adminList", { status: "pending", userId: state.memberId });
    await live.queue.until((items) => items.length === 0, "an empty queue for the member");

    const detail = watch(member, "activities:get", { activityId: state.activityId });
    await detail.until((v) => v.userHasSubmitted === false, "not submitted yet");
    await assert.rejects(member.mutation("submissions:submit", { activityId: state.activityId, submissionText: "no url" }),
      (e) => e.data?.code === "INVALID_ARGUMENT" && e.data?.reason === "URL_REQUIRED", "the evidence rule refuses a submission without a URL");
    const submitted = await member.mutation("submissions:submit", {
      activityId: state.activityId, submissionUrl: `https://blog.example.org/${run}`, submissionText: "My post.",
    });
    assert.equal(submitted.status, "pending");
    state.submissionId = submitted._id;
    assert.equal(detail.last().userHasSubmitted, true, "activities:get already shows the submission");

    await live.queue.until((items) => items.some((e) => e.submission._id === state.submissionId), "the submission in the queue");
    const entry = live.queue.items().find((e) => e.submission._id === state.submissionId);
    assert.equal(entry.activity._id, state.activityId);
    assert.equal(entry.user._id, state.memberId);
    assert.equal(entry.submission.rewardPulpaAmount, "25.50000000", "the activity's reward snapshot");
    await live.statsAdmin.until((s) => s.submissions.pending === base.admin.submissions.pending + 1, "one more pending submission");
    detail.unsubscribe();
  });

  step("7. has it approved and receives PULPA", async () => {
    const earnings = watch(member, "pulpa:myEarnings", {});
    await earnings.until((v) => v.totalPulpaEarned === "0.00000000" && v.activitiesCompleted === 0, "nothing earned yet");
    const mineProfile = watch(member, "profiles:getMine", {});
    await mineProfile.until((p) => p?.totalPulpaEarned === "0.00000000", "no PULPA on the profile yet");

    const queued = live.queue.items().find((e) => e.submission._id === state.submissionId);
    const approved = await admin.mutation("submissions:approve", { submissionId: queued.submission._id, score: 90, reviewNotes: "Nice post." });
    assert.equal(approved.status, "approved");
    assert.equal(approved.rewardPulpaAmount, "25.50000000");

    await live.queue.until((items) => items.length === 0, "the submission to leave the pending queue");
    await live.statsAdmin.until((s) => s.submissions.pending === state.base.admin.submissions.pending, "the pending count back");
    await live.directory.until((items) => items.find((e) => e.userId === state.memberId)?.totalPulpaEarned === "25.50000000",
      "the directory entry's PULPA");
    await live.users.until((items) => {
      const stats = items.find((u) => u._id === state.memberId)?.stats;
      return stats?.totalEarnings === "25.50000000" && stats.approvedCount === 1 && stats.submissionsCount === 1 && stats.activitiesCompleted === 1;
    }, "the member's numbers in the user list");
    await earnings.until((v) => v.totalPulpaEarned === "25.50000000" && v.activitiesCompleted === 1 && v.pendingReward === "25.50000000",
      "the earnings after approval");
    await mineProfile.until((p) => p.totalPulpaEarned === "25.50000000" && p.activitiesCompleted === 1, "the profile's totals");
    const mine = await member.query("submissions:listMine", { paginationOpts: page(10) });
    assert.deepEqual(mine.page.map((s) => [s._id, s.status]), [[state.submissionId, "approved"]]);
    earnings.unsubscribe();
    mineProfile.unsubscribe();
  });

  step("8. is enrolled in a program by the admin", async () => {
    const { program } = await admin.mutation("programs:create", {
      name: `Journey bootcamp ${run}`, description: "The program the admin enrols the member in.", programType: "evergreen",
    });
    state.program = program;
    await live.statsPublic.until((s) => s.programs === state.base.public.programs + 1, "one more active program");
    // The activity counts for this program: its dashboard then shows the approved submission and its score.
    await admin.mutation("programs:linkActivity", { programId: program._id, activityId: state.activityId, isRequired: true });

    const mine = watch(member, "enrollments:mine", {});
    await mine.until((v) => v.enrollments.length === 1, "only the enrollment from the application");
    live.roster = watchPages(admin, "enrollments:listForProgram", { programId: program._id });
    await live.roster.until((items) => items.length === 0, "an empty roster");

    const { enrollment } = await admin.mutation("enrollments:create", { programId: program._id, userId: state.memberId });
    assert.equal(enrollment.status, "enrolled");
    await assert.rejects(admin.mutation("enrollments:create", { programId: program._id, userId: state.memberId }),
      (e) => e.data?.code === "CONFLICT" && e.data?.reason === "ENROLLMENT_EXISTS", "a second enrollment is refused");

    await live.roster.until((items) => items.some((e) => e.user._id === state.memberId && e.status === "enrolled"), "the member on the roster");
    await mine.until((v) => v.enrollments.some((e) => e.program._id === program._id && e.status === "enrolled"), "the new enrollment");
    mine.unsubscribe();
  });

  step("9. is marked present at a session of the program", async () => {
    const sessionDate = Date.now() + 3600_000;
    const { session } = await admin.mutation("sessions:create", {
      programId: state.program._id,
      title: `Journey session ${run}`,
      sessionType: "virtual",
      sessionDate,
      location: `https://meet.example.org/${run}`,
    });
    // Enrolled and active: the member may see the meeting URL.
    const visible = await member.query("sessions:get", { sessionId: session._id });
    assert.equal(visible.userCanAccess, true);
    assert.equal(visible.session.meetingUrl, `https://meet.example.org/${run}`);

    const attended = watchPages(member, "attendance:mine", { programId: state.program._id });
    await attended.until((items) => items.length === 0, "no attendance yet");
    const dashboard = watch(member, "programs:myDashboard", { programId: state.program._id });
    await dashboard.until((d) => d.stats.attendance.total === 0 && d.stats.submissions.approved === 1 && d.stats.qualityScore === 90,
      "the program's dashboard before the session");
    const roster = watch(admin, "attendance:forSession", { sessionId: session._id });
    await roster.until((r) => r.users.some((u) => u.user._id === state.memberId && u.attendance === null), "the member on the roster, unmarked");

    assert.deepEqual(await admin.mutation("attendance:mark", { sessionId: session._id, userIds: [state.memberId], status: "present" }), { marked: 1 });

    await roster.until((r) => r.users.find((u) => u.user._id === state.memberId)?.attendance?.status === "present", "the member marked present");
    const row = roster.last().users.find((u) => u.user._id === state.memberId);
    assert.equal(row.markedBy?._id, state.adminId);
    await attended.until((items) => items.length === 1 && items[0].status === "present" && items[0].session._id === session._id,
      "the member's attendance");
    await dashboard.until((d) => d.stats.attendance.total === 1 && d.stats.attendance.present === 1, "the dashboard's attendance");
    dashboard.unsubscribe();
    attended.unsubscribe();
    roster.unsubscribe();
  });

  step("10. no live query of the admin ever failed", async () => {
    for (const rec of Object.values(live)) {
      assert.deepEqual(rec.errors.map(String), [], `${rec.path} reported errors`);
    }
  });
});
