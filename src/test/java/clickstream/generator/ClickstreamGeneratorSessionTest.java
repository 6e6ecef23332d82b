package clickstream.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import clickstream.model.ClickEvent;
import clickstream.model.DeviceType;
import clickstream.model.EventType;
import org.junit.jupiter.api.Test;

class ClickstreamGeneratorSessionTest {

    private static ClickstreamGenerator generator(GeneratorSettings settings) {
        return new ClickstreamGenerator(settings, new SteppingClock(Instant.parse("2026-11-26T05:31:02Z"), 1));
    }

    /** What the test has seen of one session. */
    private static final class Seen {
        final String user;
        final DeviceType device;
        final String userAgent;
        final String referrer;
        final Set<String> viewed = new HashSet<>();
        EventType last = EventType.LOGIN;
        boolean loggedOut;

        Seen(ClickEvent login) {
            user = login.userId();
            device = login.deviceType();
            userAgent = login.userAgent();
            referrer = login.referrer();
        }
    }

    @Test
    void everySessionStartsWithLoginAndNothingFollowsItsLogout() {
        ClickstreamGenerator generator = generator(GeneratorSettings.defaults());
        Map<String, Seen> sessions = new HashMap<>();
        Set<String> registered = new HashSet<>();
        int reactions = 0;
        int reactionsToViewed = 0;
        int logouts = 0;
        int botEvents = 0;
        int registers = 0;
        String loginDueIn = null;
        for (int i = 0; i < 300_000; i++) {
            ClickEvent e = generator.next();
            if (loginDueIn != null) {
                // a register is followed at once by the login of the same session
                assertThat(e.eventType()).as("event after a register").isEqualTo(EventType.LOGIN);
                assertThat(e.sessionId()).isEqualTo(loginDueIn);
                loginDueIn = null;
                continue;
            }
            Seen seen = sessions.get(e.sessionId());
            if (e.bot()) {
                // crawlers only read: no register, login, reactions or logout; their own ids and user agents
                botEvents++;
                assertThat(e.eventType()).isEqualTo(EventType.VIEW);
                assertThat(e.userId()).matches("bot-\\d{6}");
                assertThat(e.userAgent()).containsAnyOf("Googlebot", "bingbot", "YandexBot", "DuckDuckBot", "Applebot");
                assertThat(e.referrer()).isNull();
                if (seen == null) {
                    sessions.put(e.sessionId(), new Seen(e));
                } else {
                    assertThat(e.userId()).isEqualTo(seen.user);
                    assertThat(e.userAgent()).isEqualTo(seen.userAgent);
                }
                continue;
            }
            assertThat(e.userId()).matches("user-\\d{6}");
            if (seen == null) {
                if (e.eventType() == EventType.REGISTER) {
                    assertThat(registered.add(e.userId())).as("%s registers once", e.userId()).isTrue();
                    registers++;
                    loginDueIn = e.sessionId();
                } else {
                    assertThat(e.eventType()).as("first event of session %s", e.sessionId()).isEqualTo(EventType.LOGIN);
                    assertThat(registered).as("%s registered in its first session", e.userId()).contains(e.userId());
                }
                sessions.put(e.sessionId(), new Seen(e));
                continue;
            }
            if (seen.loggedOut) {
                fail("%s after the logout of session %s", e.eventType(), e.sessionId());
            }
            assertThat(e.eventType()).as("second login in session %s", e.sessionId()).isNotEqualTo(EventType.LOGIN);
            assertThat(e.eventType()).as("register later in session %s", e.sessionId()).isNotEqualTo(EventType.REGISTER);
            if (seen.last == EventType.LOGIN) {
                assertThat(e.eventType()).as("event after login").isEqualTo(EventType.VIEW);
            }
            // user, device and the client details belong to the session
            assertThat(e.userId()).isEqualTo(seen.user);
            assertThat(e.deviceType()).isEqualTo(seen.device);
            assertThat(e.userAgent()).isEqualTo(seen.userAgent);
            assertThat(e.referrer()).isEqualTo(seen.referrer);
            switch (e.eventType()) {
                case VIEW -> seen.viewed.add(e.articleId());
                case LIKE, COMMENT, SHARE -> {
                    reactions++;
                    if (seen.viewed.contains(e.articleId())) {
                        reactionsToViewed++;
                    }
                }
                case LOGOUT -> {
                    seen.loggedOut = true;
                    logouts++;
                }
                default -> fail("unexpected %s", e.eventType());
            }
            seen.last = e.eventType();
        }
        long withoutLogout = sessions.values().stream().filter(s -> !s.loggedOut).count();
        assertThat(logouts).isGreaterThan(1000);
        // more sessions lack a logout than are still open: the others stopped silently
        assertThat(withoutLogout).isGreaterThan(generator.activeSessions() + 1000L);
        assertThat(reactionsToViewed).isGreaterThan((int) (reactions * 0.85));
        // every user of the pool came once for the first time; about the bot share of the sessions are crawlers
        assertThat(registers).isEqualTo(GeneratorSettings.defaults().usersPoolSize());
        assertThat(botEvents).isBetween(300_000 / 100, 300_000 / 10);
    }

    @Test
    void withoutABotShareNoEventIsABots() {
        ClickstreamGenerator generator = generator(GeneratorSettings.defaults().withBotShare(0));
        assertThat(generator.next(50_000)).noneMatch(ClickEvent::bot).allSatisfy(e -> assertThat(e.isBot()).isNull());
    }

    @Test
    void theBreakingNewsArticleIsHotOnlyWhileTheSpikeLasts() {
        // the stepping clock moves 1 ms per reading; the spike runs from 10 s to 20 s after the first reading
        BreakingNews spike = new BreakingNews(java.util.Optional.of(java.time.Duration.ofSeconds(10)),
                java.time.Duration.ofSeconds(10), 0.5, 2);
        ClickstreamGenerator generator = generator(GeneratorSettings.defaults().withBreakingNews(spike));
        String hot = generator.breakingNewsArticle();
        long start = Instant.parse("2026-11-26T05:31:02Z").toEpochMilli();
        int before = 0;
        int during = 0;
        int after = 0;
        int viewsDuring = 0;
        for (int i = 0; i < 40_000; i++) {
            ClickEvent e = generator.next();
            // views only: a reaction may still refer to the article a session read while it was hot
            boolean isHot = hot.equals(e.articleId()) && e.eventType() == EventType.VIEW;
            long at = Instant.parse(e.timestamp()).toEpochMilli() - start;
            if (at < 9_500) {
                before += isHot ? 1 : 0;
            } else if (at > 10_500 && at < 19_500) {
                during += isHot ? 1 : 0;
                viewsDuring += e.eventType() == EventType.VIEW && !e.bot() ? 1 : 0;
            } else if (at > 20_500) {
                after += isHot ? 1 : 0;
            }
        }
        assertThat(hot).matches("[a-z]+-\\d{5}");
        // a little-read article before and after; about the share of the people's views while it lasts
        assertThat(before).isLessThan(20);
        assertThat(after).isLessThan(20);
        assertThat(during).isGreaterThan(viewsDuring * 4 / 10);
    }

    @Test
    void reusesABoundedPoolOfUsersNeverInTwoOpenSessions() {
        GeneratorSettings settings = GeneratorSettings.of(300, 50, 9, 250);
        ClickstreamGenerator generator = generator(settings);
        Map<String, String> latestSessionOfUser = new HashMap<>();
        Set<String> sessions = new HashSet<>();
        for (int i = 0; i < 200_000; i++) {
            ClickEvent e = generator.next();
            if (e.bot()) {
                continue;
            }
            assertThat(e.userId()).matches("user-\\d{6}");
            if (e.eventType() == EventType.LOGIN || e.eventType() == EventType.REGISTER) {
                latestSessionOfUser.put(e.userId(), e.sessionId());
                sessions.add(e.sessionId());
            } else {
                // an event of an older session after the user started a new one would mean two open sessions
                assertThat(e.sessionId()).as("session of %s", e.userId()).isEqualTo(latestSessionOfUser.get(e.userId()));
            }
        }
        assertThat(latestSessionOfUser.keySet()).hasSizeLessThanOrEqualTo(300).hasSizeGreaterThan(290);
        assertThat(sessions.size()).isGreaterThan(10 * 300);
    }

    @Test
    void worksWhenEveryUserCanBeOnlineAtOnce() {
        ClickstreamGenerator generator = generator(GeneratorSettings.of(3, 1, 1, 3).withBotShare(0));
        Set<String> users = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            users.add(generator.next().userId());
            assertThat(generator.activeSessions()).isBetween(0, 3);
        }
        assertThat(users).containsExactlyInAnyOrder("user-000001", "user-000002", "user-000003");
    }

    @Test
    void keepsItsStateBoundedOverAMillionEvents() {
        ClickstreamGenerator generator = generator(GeneratorSettings.defaults());
        int maxSeen = 0;
        for (int i = 0; i < 1_000_000; i++) {
            generator.next();
            maxSeen = Math.max(maxSeen, generator.activeSessions());
        }
        assertThat(maxSeen).isLessThanOrEqualTo(200);
        // the pool is actually used, mostly full (about max * (1 - 1 / session length))
        assertThat(generator.activeSessions()).isBetween(150, 200);
    }

    @Test
    void batchesContinueTheSameSequence() {
        // the same id key too, so the ids are part of what must continue
        ClickstreamGenerator one = new ClickstreamGenerator(GeneratorSettings.defaults(),
                new SteppingClock(Instant.parse("2026-11-26T05:31:02Z"), 1), new RunIds(7, 11));
        ClickstreamGenerator batched = new ClickstreamGenerator(GeneratorSettings.defaults(),
                new SteppingClock(Instant.parse("2026-11-26T05:31:02Z"), 1), new RunIds(7, 11));
        var expected = new java.util.ArrayList<ClickEvent>();
        for (int i = 0; i < 1000; i++) {
            expected.add(one.next());
        }
        var actual = new java.util.ArrayList<>(batched.next(400));
        actual.addAll(batched.next(0));
        actual.addAll(batched.next(600));
        assertThat(actual).isEqualTo(expected);
        assertThatThrownBy(() -> batched.next(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withAFixedClockTimestampsStillIncreaseWithinEachSession() {
        java.time.Clock fixed = java.time.Clock.fixed(Instant.parse("2026-11-26T05:31:02.123Z"), java.time.ZoneOffset.UTC);
        ClickstreamGenerator generator = new ClickstreamGenerator(GeneratorSettings.defaults(), fixed);
        Map<String, Instant> lastOfSession = new HashMap<>();
        Map<String, Instant> loginOfSession = new HashMap<>();
        int continued = 0;
        for (int i = 0; i < 50_000; i++) {
            ClickEvent e = generator.next();
            Instant at = clickstream.model.Timestamps.parse(e.timestamp());
            // the clock never moves, yet no event may be dated before the clock
            assertThat(at).isAfterOrEqualTo(fixed.instant());
            Instant previous = lastOfSession.put(e.sessionId(), at);
            if (previous == null) {
                // a session begins with its login, or with the register before a first login, or (a crawler) a view
                assertThat(e.eventType()).isIn(EventType.LOGIN, EventType.REGISTER, EventType.VIEW);
                assertThat(e.eventType() == EventType.VIEW).isEqualTo(e.bot());
                loginOfSession.put(e.sessionId(), at);
            } else {
                continued++;
                assertThat(at).as("%s of session %s", e.eventType(), e.sessionId()).isAfter(previous);
                assertThat(at).as("login is the earliest event of session %s", e.sessionId())
                        .isAfter(loginOfSession.get(e.sessionId()));
            }
        }
        assertThat(continued).isGreaterThan(40_000);
        // with a fixed clock only the per-session ordering moves time, so events do not all share one millisecond
        assertThat(lastOfSession.values().stream().distinct().count()).isGreaterThan(1);
    }
}
