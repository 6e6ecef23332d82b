package clickstream.generator;

import java.util.BitSet;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The bounded set of users, {@code user-000001} ..., of whom only the ones without an open session can start one.
 * The free users sit in the front part of a permutation array, so acquiring a random free user and releasing it
 * are both O(1) and need no other memory. It also remembers who has registered (had a first session), one bit each.
 */
final class UserPool {

    private final String[] ids;
    /** free[0 .. freeCount) are the users without an open session. */
    private final int[] free;
    private int freeCount;
    private final BitSet registered;

    UserPool(int size) {
        this(size, "user");
    }

    /** Ids {@code <prefix>-000001} ... */
    UserPool(int size, String prefix) {
        ids = new String[size];
        free = new int[size];
        registered = new BitSet(size);
        for (int i = 0; i < size; i++) {
            ids[i] = String.format(Locale.ROOT, "%s-%06d", prefix, i + 1);
            free[i] = i;
        }
        freeCount = size;
    }

    /** Takes a uniformly chosen free user; the caller guarantees there is one (open sessions < pool size). */
    int acquire(SplittableRandom rnd) {
        if (freeCount == 0) {
            throw new IllegalStateException("every user already has an open session");
        }
        int at = rnd.nextInt(freeCount);
        int user = free[at];
        free[at] = free[--freeCount];
        return user;
    }

    /** True the first time it is asked for a user (its first session: it registers), false ever after. */
    boolean firstVisit(int user) {
        if (registered.get(user)) {
            return false;
        }
        registered.set(user);
        return true;
    }

    /** Whether a user without an open session is left. */
    boolean hasFree() {
        return freeCount > 0;
    }

    void release(int user) {
        free[freeCount++] = user;
    }

    String id(int user) {
        return ids[user];
    }

    int size() {
        return ids.length;
    }
}
