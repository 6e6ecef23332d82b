package clickstream.generator;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The bounded set of users, {@code user-000001} ..., of whom only the ones without an open session can start one.
 * The free users sit in the front part of a permutation array, so acquiring a random free user and releasing it
 * are both O(1) and need no other memory.
 */
final class UserPool {

    private final String[] ids;
    /** free[0 .. freeCount) are the users without an open session. */
    private final int[] free;
    private int freeCount;

    UserPool(int size) {
        ids = new String[size];
        free = new int[size];
        for (int i = 0; i < size; i++) {
            ids[i] = String.format(Locale.ROOT, "user-%06d", i + 1);
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
