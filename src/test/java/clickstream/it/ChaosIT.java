package clickstream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import clickstream.config.Settings;
import clickstream.generator.ChaosInjector;
import clickstream.generator.ChaosInjector.Kind;
import clickstream.generator.GeneratorRoute;
import clickstream.model.DeadLetterHeaders;
import clickstream.reconcile.Reconciler;
import clickstream.reconcile.Reconciliation;

/** The generator's chaos switch against the real pipeline: every injected record is accounted for. */
class ChaosIT extends PipelineTestSupport {

    @Test
    void everyInjectedRecordIsDeadLetteredOverwrittenOrIndexedLate() throws Exception {
        TestNames names = names("chaos");
        Map<String, String> props = properties(names);
        props.put("generator.rate", "2000");
        props.put("generator.chaos.fraction", "0.05");
        try (RunningApp app = startApp(props)) {
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                    .until(() -> app.metrics().produced() >= 4000);
            app.context().getRouteController().stopRoute(GeneratorRoute.ROUTE_ID);
            long produced = app.metrics().produced();
            assertThat(kafka.endOffsets(names.topic())).isEqualTo(produced);
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                    .until(() -> kafka.committed(names.group(), names.topic()) == produced);

            ChaosInjector chaos = app.context().getRegistry().lookupByNameAndType("chaosInjector", ChaosInjector.class);
            Map<Kind, Long> injected = chaos.injected();
            assertThat(injected.values()).allSatisfy(count -> assertThat(count).isPositive());

            // malformed and missing-field records are dead-lettered, nothing else
            long broken = injected.get(Kind.MALFORMED) + injected.get(Kind.MISSING_FIELD);
            List<ConsumerRecord<String, byte[]>> dead = kafka.readAll(names.dlqTopic(), (int) broken, Duration.ofSeconds(30));
            assertThat(dead).hasSize((int) broken);
            assertThat(dead.stream().filter(r -> reason(r).equals("malformed_json")).count()).isEqualTo(injected.get(Kind.MALFORMED));
            assertThat(dead.stream().filter(r -> reason(r).equals("invalid_event")).count()).isEqualTo(injected.get(Kind.MISSING_FIELD));

            // late events are indexed into older daily indices (count refreshes the indices first)
            long documents = search.count(names.indexPattern());
            long late = search.post("/" + names.indexPattern() + "/_count",
                    "{\"query\":{\"range\":{\"timestamp\":{\"lt\":\"now-30m\"}}}}").path("count").asLong(-1);
            assertThat(late).isEqualTo(injected.get(Kind.LATE));

            // duplicates are 409s, not documents: read back from the topic, every distinct event id of a record that was not
            // dead-lettered is exactly one document (none missing, none extra, none twice in two daily indices)
            Set<String> sent = TopicLedger.read(kafka, names.topic())
                    .distinctIdsExcept(TopicLedger.deadLettered(kafka, names.dlqTopic(), names.topic()));
            assertThat(search.ids(names.indexPattern())).as("document ids = distinct valid event ids sent").isEqualTo(sent);
            assertThat(documents).as("documents (one per distinct valid event id)").isEqualTo(sent.size());
            // and the books balance with the duplicates counted
            try (Reconciler reconciler = Reconciler.create(app.context())) {
                assertThat(reconciler.countInjectedDuplicates(names.topic())).isEqualTo(injected.get(Kind.DUPLICATE));
                Reconciliation books = reconciler.reconcile(Reconciler.Scope.of(Settings.of(app.context())),
                        OptionalLong.of(injected.get(Kind.DUPLICATE)));
                assertThat(books.produced()).isEqualTo(produced);
                assertThat(books.deadLettered()).isEqualTo(broken);
                assertThat(books.deadLetterRecords()).isEqualTo(broken);
                assertThat(books.indexed()).isEqualTo(produced - broken - injected.get(Kind.DUPLICATE));
                assertThat(books.difference()).isZero();
            }
        }
    }

    private static String reason(ConsumerRecord<String, byte[]> record) {
        return new String(record.headers().lastHeader(DeadLetterHeaders.REASON).value(), StandardCharsets.UTF_8);
    }
}
