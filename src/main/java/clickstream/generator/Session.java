package clickstream.generator;

import java.util.SplittableRandom;

import clickstream.model.DeviceType;

/**
 * One open session. Instances are pooled and re-initialised by {@link #start} so a long run allocates none; the
 * few last viewed articles are kept in a fixed ring so likes, comments and shares can refer back to them.
 */
final class Session {

    /** How many recently viewed articles a session remembers. */
    static final int RECENT_CAPACITY = 4;

    int user;
    DeviceType device;
    String sessionId;
    String referrer;
    String userAgent;
    /** Events still to come after the login, not counting a logout. */
    int remaining;
    /** Timestamp of the session's last event, epoch millis. */
    long lastMillis;
    /** The activity is over and the next event of this session is its logout. */
    boolean logoutPending;
    /** A crawler's session: views only, no login or logout, {@code is_bot} on every event. */
    boolean bot;

    private final int[] recent = new int[RECENT_CAPACITY];
    private int recentCount;
    private int recentNext;

    void start(int user, DeviceType device, String sessionId, String referrer, String userAgent, int remaining) {
        this.lastMillis = Long.MIN_VALUE + 1;
        this.user = user;
        this.device = device;
        this.sessionId = sessionId;
        this.referrer = referrer;
        this.userAgent = userAgent;
        this.remaining = remaining;
        this.logoutPending = false;
        this.bot = false;
        this.recentCount = 0;
        this.recentNext = 0;
    }

    void rememberViewed(int article) {
        recent[recentNext] = article;
        recentNext = (recentNext + 1) % RECENT_CAPACITY;
        if (recentCount < RECENT_CAPACITY) {
            recentCount++;
        }
    }

    boolean hasViewed() {
        return recentCount > 0;
    }

    /** One of the remembered articles, uniformly; only when {@link #hasViewed()}. */
    int recentlyViewed(SplittableRandom rnd) {
        return recent[rnd.nextInt(recentCount)];
    }
}
