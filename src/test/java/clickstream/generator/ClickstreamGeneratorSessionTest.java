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
        int reactions = 0;
        int reactionsToViewed = 0;
        int logouts = 0;
        for (int i = 0; i < 300_000; i++) {
            ClickEvent e = generator.next();
            Seen seen = sessions.get(e.sessionId());
            if (seen == null) {
                assertThat(e.eventType()).as("first event of session %s", e.sessionId()).isEqualTo(EventType.LOGIN);
                sessions.put(e.sessionId(), new Seen(e));
                continue;
            }
            if (seen.loggedOut) {
                fail("%s after the logout of session %s", e.eventType(), e.sessionId());
            }
            assertThat(e.eventType()).as("second login in session %s", e.sessionId()).isNotEqualTo(EventType.LOGIN);
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
    }

    @Test
    void reusesABoundedPoolOfUsersNeverInTwoOpenSessions() {
        GeneratorSettings settings = GeneratorSettings.of(300, 50, 9, 250);
        ClickstreamGenerator generator = generator(settings);
        Map<String, String> latestSessionOfUser = new HashMap<>();
        Set<String> sessions = new HashSet<>();
        for (int i = 0; i < 200_000; i++) {
            ClickEvent e = generator.next();
            assertThat(e.userId()).matches("user-\\d{6}");
            if (e.eventType() == EventType.LOGIN) {
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
        ClickstreamGenerator generator = generator(GeneratorSettings.of(3, 1, 1, 3));
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
                assertThat(e.eventType()).isEqualTo(EventType.LOGIN);
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
