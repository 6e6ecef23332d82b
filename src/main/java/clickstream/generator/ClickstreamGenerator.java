package clickstream.generator;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.LongConsumer;

import clickstream.model.Category;
import clickstream.model.ClickEvent;
import clickstream.model.DeviceType;
import clickstream.model.EventType;

/**
 * Simulates the clickstream of a news site, one event per {@link #next()} call.
 *
 * <p>Model: up to {@code maxActiveSessions} sessions are open at once. Each step draws a slot in
 * {@code [0, maxActiveSessions)}: an occupied slot continues that session, a free one starts a new session, so the
 * pool fills up to about {@code max * (1 - 1 / session length)} and sessions interleave. A new session takes a user
 * without an open session (users are reused across sessions, never in two open sessions at once), a weighted device
 * with a matching user agent and entry referrer (all fixed for the session), a session id, and its first
 * event is {@code login} (after a {@code register} on the user's first visit). The first event after the login is a
 * {@code view}; then views dominate, and
 * likes, comments and shares mostly refer to an article the session viewed recently. After a geometric number of
 * events a session either sends {@code logout} or stops silently; either way it is dropped from the pool, so memory
 * stays fixed however long the generator runs.
 *
 * <p>A user's first session ever starts with {@code register}, then at once its {@code login}. A share of the sessions
 * ({@code generator.bot-share}) are crawlers: a user id from a small pool of their own ({@code bot-000001}, ...), a
 * crawler user agent (Googlebot, bingbot, ...), no referrer, {@code is_bot = true}, and only views: no register, login,
 * likes, comments, shares or logout.
 *
 * <p>Articles: a weighted category (politics most, health least) then a Zipf-distributed rank within it. While the
 * optional breaking-news spike lasts ({@link BreakingNews}), one little-read article takes its share of people's picks.
 *
 * <p>Determinism: all randomness comes from one {@link SplittableRandom} seeded with {@link GeneratorSettings#seed()};
 * the timestamps come from the {@link Clock}. Same settings and a fixed clock therefore give the same users,
 * articles, sessions, devices, event types and texts, in the same order, but never the same event and session ids:
 * those mix the seeded draws with a key each generator draws for itself ({@link RunIds}), so restarts and replicas
 * never repeat an id, whatever the seed.
 *
 * <p>Threads: the Camel route calls this from a single timer thread; the public methods are {@code synchronized}
 * anyway, so a concurrent caller cannot corrupt the state (the interleaving of events between callers is then of
 * course not deterministic).
 */
public final class ClickstreamGenerator {

    private static final EventType[] ACTIVITY = {EventType.VIEW, EventType.LIKE, EventType.COMMENT, EventType.SHARE};
    /** Chance that a like/comment/share targets an article viewed earlier in the session rather than a new one. */
    private static final double REACT_TO_VIEWED = 0.9;
    /** Keeps the breaking-news article's draw apart from the generator's own sequence for the same seed. */
    private static final long HOT_ARTICLE_SALT = 0x6e657773L; // "news"
    /** Caps the geometric session length so one session cannot run for ever. */
    private static final int MAX_SESSION_EVENTS = 1_000_000;

    private final GeneratorSettings settings;
    private final SplittableRandom rnd;
    private final RunIds ids;
    private final TimestampCache clock;
    private final UserPool users;
    private final ArticleCatalogue articles;
    private final DeviceProfiles devices = new DeviceProfiles();
    private final AliasTable activity = new AliasTable(68, 16, 7, 9); // in ACTIVITY order
    /** ln(1 - 1/mean), the geometric session length's parameter; 0 when every session has exactly one event. */
    private final double lnContinue;

    /** sessions[0 .. active) are open; the rest are pooled instances waiting for reuse. */
    private final Session[] sessions;
    private int active;
    /** Crawler identities, null when {@code botShare} is 0. */
    private final UserPool bots;
    /** A session whose register was the last event: its login comes next. */
    private Session loginDue;
    private final int hotArticle;
    private long startMillis = Long.MIN_VALUE;
    private LongConsumer sessionStarts = millis -> { };

    /** A generator with ids of its own: no other instance, in this process or any other, repeats one of them. */
    public ClickstreamGenerator(GeneratorSettings settings, Clock clock) {
        this(settings, clock, RunIds.random());
    }

    /** With a given id key, for tests that compare two runs event by event, ids included. */
    ClickstreamGenerator(GeneratorSettings settings, Clock clock, RunIds ids) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.ids = Objects.requireNonNull(ids, "ids");
        this.clock = new TimestampCache(Objects.requireNonNull(clock, "clock"));
        this.rnd = new SplittableRandom(settings.seed());
        this.users = new UserPool(settings.usersPoolSize());
        this.articles = new ArticleCatalogue(settings.articlesPerCategory(), settings.zipfExponent());
        this.sessions = new Session[settings.maxActiveSessions()];
        int mean = settings.meanSessionEvents();
        this.lnContinue = mean == 1 ? 0 : StrictMath.log(1.0 - 1.0 / mean);
        this.bots = settings.botShare() > 0
                ? new UserPool((int) Math.max(1, Math.ceil(settings.usersPoolSize() * settings.botShare())), "bot") : null;
        this.hotArticle = articles.unpopular(new SplittableRandom(settings.seed() ^ HOT_ARTICLE_SALT));
    }

    /** Told the timestamp (epoch millis) of each session's first event, as it is made: the ground truth counts them. */
    public synchronized void onSessionStart(LongConsumer listener) {
        this.sessionStarts = Objects.requireNonNull(listener, "listener");
    }

    /** The article the breaking-news spike makes hot, e.g. {@code world-00173}. */
    public String breakingNewsArticle() {
        return articles.id(hotArticle);
    }

    /** The generator's clock now, epoch millis. */
    synchronized long millis() {
        return clock.millis();
    }

    /** A generator on the system UTC clock. */
    public ClickstreamGenerator(GeneratorSettings settings) {
        this(settings, Clock.systemUTC());
    }

    public synchronized ClickEvent next() {
        return emit(step());
    }

    /** The next {@code n} events, in order. */
    public synchronized List<ClickEvent> next(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0 but was " + n);
        }
        List<ClickEvent> batch = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            batch.add(emit(step()));
        }
        return batch;
    }

    /** Sessions open right now; never more than {@link GeneratorSettings#maxActiveSessions()}. */
    public synchronized int activeSessions() {
        return active;
    }

    public GeneratorSettings settings() {
        return settings;
    }

    /**
     * Every event leaves through here: the hook point for a later chaos mode (duplicates, delays, malformed
     * events), which can then stay out of the session model.
     */
    private ClickEvent emit(ClickEvent event) {
        return event;
    }

    private ClickEvent step() {
        if (loginDue != null) {
            Session registered = loginDue;
            loginDue = null;
            return event(registered, EventType.LOGIN, -1);
        }
        int slot = rnd.nextInt(sessions.length);
        if (slot >= active) {
            return startSession();
        }
        Session session = sessions[slot];
        if (session.logoutPending) {
            ClickEvent logout = event(session, EventType.LOGOUT, -1);
            endSession(slot);
            return logout;
        }
        return activityAndMaybeEnd(slot, session);
    }

    private ClickEvent activityAndMaybeEnd(int slot, Session session) {
        ClickEvent event = activity(session);
        if (--session.remaining == 0) {
            if (!session.bot && rnd.nextDouble() < settings.logoutProbability()) {
                session.logoutPending = true;
            } else {
                endSession(slot); // the user just leaves (a crawler always does): no logout
            }
        }
        return event;
    }

    private ClickEvent startSession() {
        Session session = sessions[active];
        if (session == null) {
            session = new Session();
            sessions[active] = session;
        }
        int slot = active++;
        if (bots != null && rnd.nextDouble() < settings.botShare() && bots.hasFree()) {
            int crawler = devices.crawler(rnd);
            session.start(bots.acquire(rnd), DeviceProfiles.crawlerDevice(crawler), ids.uuid(rnd), null,
                    DeviceProfiles.crawlerAgent(crawler), sessionLength());
            session.bot = true;
            ClickEvent first = activityAndMaybeEnd(slot, session);
            sessionStarts.accept(session.lastMillis);
            return first;
        }
        DeviceType device = devices.device(rnd);
        int user = users.acquire(rnd);
        session.start(user, device, ids.uuid(rnd), devices.referrer(device, rnd), devices.userAgent(device, rnd),
                sessionLength());
        ClickEvent first;
        if (users.firstVisit(user)) {
            first = event(session, EventType.REGISTER, -1);
            loginDue = session;
        } else {
            first = event(session, EventType.LOGIN, -1);
        }
        sessionStarts.accept(session.lastMillis);
        return first;
    }

    /** Frees the slot by moving the last open session into it and parking this instance behind it. */
    private void endSession(int slot) {
        Session ended = sessions[slot];
        (ended.bot ? bots : users).release(ended.user);
        active--;
        sessions[slot] = sessions[active];
        sessions[active] = ended;
    }

    private ClickEvent activity(Session session) {
        // a visit starts by reading something; a reaction needs something read
        EventType type = session.hasViewed() && !session.bot ? ACTIVITY[activity.sample(rnd)] : EventType.VIEW;
        int article;
        if (type == EventType.VIEW) {
            article = session.bot ? articles.sample(rnd) : pickArticle();
            session.rememberViewed(article);
        } else if (rnd.nextDouble() < REACT_TO_VIEWED) {
            article = session.recentlyViewed(rnd);
        } else {
            article = pickArticle(); // e.g. liked straight from a teaser on the front page
        }
        return event(session, type, article);
    }

    /** A person's pick: the breaking-news article for its share while the spike lasts, else the catalogue's. */
    private int pickArticle() {
        BreakingNews spike = settings.breakingNews();
        if (spike.enabled()) {
            long now = clock.millis();
            if (startMillis == Long.MIN_VALUE) {
                startMillis = now;
            }
            if (spike.active(startMillis, now) && rnd.nextDouble() < spike.share()) {
                return hotArticle;
            }
        }
        return articles.sample(rnd);
    }

    /** Number of events after the login: geometric with the configured mean, at least 1. */
    private int sessionLength() {
        if (lnContinue == 0) {
            return 1;
        }
        double extra = StrictMath.log(1.0 - rnd.nextDouble()) / lnContinue; // 1 - u is in (0, 1]
        return 1 + (int) Math.min(extra, MAX_SESSION_EVENTS - 1);
    }

    private ClickEvent event(Session session, EventType type, int article) {
        String articleId = null;
        Category category = null;
        if (article >= 0) {
            articleId = articles.id(article);
            category = articles.category(article);
        }
        String comment = type == EventType.COMMENT ? CommentTexts.pick(rnd) : null;
        // strictly increasing within a session, so its login is its earliest event even when a tick makes several
        // of its events within one millisecond
        long millis = Math.max(clock.millis(), session.lastMillis + 1);
        session.lastMillis = millis;
        return new ClickEvent(ids.uuid(rnd), type, (session.bot ? bots : users).id(session.user), session.sessionId,
                clock.format(millis), session.device, articleId, category, comment, session.referrer, session.userAgent,
                session.bot ? Boolean.TRUE : null);
    }
}
