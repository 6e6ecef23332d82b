package clickstream.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import clickstream.model.Category;
import clickstream.model.ClickEvent;
import clickstream.model.DeviceType;
import clickstream.model.EventType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ClickstreamGeneratorDistributionTest {

    private static final int EVENTS = 200_000;

    private static final Map<String, Integer> perArticle = new HashMap<>();
    private static final Map<EventType, Integer> perType = new EnumMap<>(EventType.class);
    private static final Map<Category, Integer> perCategory = new EnumMap<>(Category.class);
    private static final Map<DeviceType, Integer> sessionsPerDevice = new EnumMap<>(DeviceType.class);
    private static final Set<String> eventIds = new HashSet<>();
    private static final Set<String> commentTexts = new HashSet<>();
    private static int articleEvents;

    @BeforeAll
    static void generate() {
        Clock clock = Clock.fixed(Instant.parse("2026-11-26T05:31:02.123Z"), ZoneOffset.UTC);
        ClickstreamGenerator generator = new ClickstreamGenerator(GeneratorSettings.defaults(), clock);
        for (ClickEvent e : generator.next(EVENTS)) {
            perType.merge(e.eventType(), 1, Integer::sum);
            eventIds.add(e.eventId());
            if (e.eventType() == EventType.LOGIN) {
                sessionsPerDevice.merge(e.deviceType(), 1, Integer::sum);
            }
            if (e.eventType().isArticleEvent()) {
                articleEvents++;
                perArticle.merge(e.articleId(), 1, Integer::sum);
                perCategory.merge(e.category(), 1, Integer::sum);
            }
            if (e.commentText() != null) {
                commentTexts.add(e.commentText());
            }
        }
    }

    @Test
    void topTenPercentOfArticlesGetMostOfTheTraffic() {
        List<Integer> counts = perArticle.values().stream().sorted((a, b) -> b - a).toList();
        int top = Math.max(1, counts.size() / 10);
        long topEvents = counts.stream().limit(top).mapToLong(Integer::longValue).sum();
        assertThat(counts.size()).isGreaterThan(1000); // most of the 1600 articles are read at all
        assertThat(topEvents / (double) articleEvents).isGreaterThan(0.30);
    }

    @Test
    void withoutZipfSkewTheTopTenPercentGetLittleMore() {
        // the counter-check that the skew measured above comes from the Zipf ranks
        GeneratorSettings uniform = new GeneratorSettings(1000, 200, 42, 200, 8, 0.6, 0.0);
        Clock clock = Clock.fixed(Instant.parse("2026-11-26T05:31:02.123Z"), ZoneOffset.UTC);
        Map<String, Integer> counts = new HashMap<>();
        int total = 0;
        for (ClickEvent e : new ClickstreamGenerator(uniform, clock).next(EVENTS)) {
            if (e.eventType().isArticleEvent()) {
                counts.merge(e.articleId(), 1, Integer::sum);
                total++;
            }
        }
        List<Integer> sorted = counts.values().stream().sorted((a, b) -> b - a).toList();
        long top = sorted.stream().limit(sorted.size() / 10).mapToLong(Integer::longValue).sum();
        assertThat(top / (double) total).isLessThan(0.25);
    }

    @Test
    void everyEventTypeDeviceAndCategoryAppears() {
        assertThat(perType.keySet()).containsExactlyInAnyOrder(EventType.values());
        assertThat(sessionsPerDevice.keySet()).containsExactlyInAnyOrder(DeviceType.values());
        assertThat(perCategory.keySet()).hasSizeGreaterThanOrEqualTo(6);
        assertThat(commentTexts).hasSizeGreaterThan(5).hasSizeLessThanOrEqualTo(CommentTexts.count());
    }

    @Test
    void mixesAreWeightedNotUniform() {
        assertThat(perType.get(EventType.VIEW)).isGreaterThan(perType.get(EventType.LIKE) * 3);
        assertThat(perType.get(EventType.LIKE)).isGreaterThan(perType.get(EventType.COMMENT));
        assertThat(perType.get(EventType.LOGIN)).isGreaterThan(perType.get(EventType.LOGOUT));
        assertThat(sessionsPerDevice.get(DeviceType.MOBILE)).isGreaterThan(sessionsPerDevice.get(DeviceType.DESKTOP));
        assertThat(sessionsPerDevice.get(DeviceType.DESKTOP)).isGreaterThan(sessionsPerDevice.get(DeviceType.TABLET) * 2);
        assertThat(perCategory.get(Category.POLITICS)).isGreaterThan(perCategory.get(Category.TECH));
        assertThat(perCategory.get(Category.TECH)).isGreaterThan(perCategory.get(Category.SCIENCE));
        assertThat(perCategory.get(Category.POLITICS)).isGreaterThan(perCategory.get(Category.HEALTH) * 3);
    }

    @Test
    void articleIdsNameTheirCategory() {
        assertThat(perArticle.keySet()).allSatisfy(id -> assertThat(id).matches("[a-z]+-\\d{5}"));
        assertThat(perArticle).containsKey("politics-00001");
        // rank 1 is the most read article of its category
        assertThat(perArticle.get("politics-00001")).isGreaterThan(perArticle.getOrDefault("politics-00100", 0) * 20);
    }

    @Test
    void eventIdsAreUniqueVersion4Uuids() {
        assertThat(eventIds).hasSize(EVENTS);
        UUID sample = UUID.fromString(eventIds.iterator().next());
        assertThat(sample.version()).isEqualTo(4);
        assertThat(sample.variant()).isEqualTo(2);
    }
}
