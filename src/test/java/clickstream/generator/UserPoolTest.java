package clickstream.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class UserPoolTest {

    @Test
    void handsOutEachUserOnceUntilReleased() {
        UserPool pool = new UserPool(50);
        SplittableRandom rnd = new SplittableRandom(3);
        Set<Integer> taken = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            assertThat(taken.add(pool.acquire(rnd))).isTrue();
        }
        assertThatThrownBy(() -> pool.acquire(rnd)).isInstanceOf(IllegalStateException.class);
        pool.release(17);
        assertThat(pool.acquire(rnd)).isEqualTo(17);
    }

    @Test
    void buildsReadableIds() {
        UserPool pool = new UserPool(123);
        assertThat(pool.id(0)).isEqualTo("user-000001");
        assertThat(pool.id(122)).isEqualTo("user-000123");
    }
}
