package clickstream.indexing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.opensearch.client.opensearch._types.ErrorCause;
import org.opensearch.client.opensearch.core.bulk.BulkResponseItem;
import org.opensearch.client.opensearch.core.bulk.OperationType;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The classification of bulk response items, which come from outside (a cluster, a proxy, an OpenSearch-compatible
 * service): whatever the status, operation and error, it never throws, success is a 2xx, a duplicate is a 409 on a
 * create, and only an error known to be about the document is ever dead-lettered.
 */
class BulkItemOutcomeTest {

    private static final Set<Integer> NEVER_THE_DOCUMENT = Set.of(401, 403, 404, 408, 429);

    @Property(tries = 2000)
    void onlyDocumentErrorsAreDeadLetteredAndOnly2xxIsIndexed(
            @ForAll @IntRange(min = 100, max = 599) int status,
            @ForAll("operations") OperationType operation,
            @ForAll("errorTypes") String type,
            @ForAll("reasons") String reason,
            @ForAll boolean withError) {
        BulkResponseItem item = BulkResponseItem.of(b -> {
            b.index("clickstream-2026.11.26").id("id").status(status).operationType(operation);
            if (withError) {
                b.error(ErrorCause.of(e -> e.type(type).reason(reason)));
            }
            return b;
        });

        BulkItemOutcome outcome = BulkItemOutcome.of(item);

        assertThat(outcome == BulkItemOutcome.INDEXED).isEqualTo(status >= 200 && status < 300);
        assertThat(outcome == BulkItemOutcome.DUPLICATE).isEqualTo(status == 409 && operation == OperationType.Create);
        if (outcome == BulkItemOutcome.REJECT_DOCUMENT) {
            assertThat(withError).isTrue();
            assertThat(BulkItemOutcome.DOCUMENT_ERRORS).contains(type);
            assertThat(status).isLessThan(500).isNotIn(NEVER_THE_DOCUMENT);
            if ("illegal_argument_exception".equals(type)) {
                assertThat(reason).doesNotContain("does not exist").doesNotContain("no write index");
            }
        }
        if (withError && BulkItemOutcome.CLUSTER_ERRORS.contains(type) && outcome != BulkItemOutcome.INDEXED
                && outcome != BulkItemOutcome.DUPLICATE) {
            assertThat(outcome).isEqualTo(BulkItemOutcome.RETRY_CLUSTER);
        }
        assertThat(outcome.description()).isNotBlank();
    }

    @Example
    void aFloodStageBlockAnswered429IsTheClustersFault() {
        BulkResponseItem item = BulkResponseItem.of(b -> b.index("i").id("id").status(429).operationType(OperationType.Create)
                .error(ErrorCause.of(e -> e.type("cluster_block_exception")
                        .reason("index [i] blocked by: [TOO_MANY_REQUESTS/12/disk usage exceeded flood-stage watermark, "
                                + "index has read-only-allow-delete block];"))));
        assertThat(BulkItemOutcome.of(item)).isEqualTo(BulkItemOutcome.RETRY_CLUSTER);
    }

    @Provide
    Arbitrary<OperationType> operations() {
        return Arbitraries.of(OperationType.class);
    }

    @Provide
    Arbitrary<String> errorTypes() {
        return Arbitraries.oneOf(Arbitraries.of(BulkItemOutcome.DOCUMENT_ERRORS), Arbitraries.of(BulkItemOutcome.CLUSTER_ERRORS),
                Arbitraries.of("es_rejected_execution_exception", "version_conflict_engine_exception", ""),
                Arbitraries.strings().ofMaxLength(30));
    }

    @Provide
    Arbitrary<String> reasons() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(60),
                Arbitraries.of("pipeline with id [clickstream-indexed-at] does not exist",
                        "Document contains at least one immense term in field=\"referrer\"",
                        "no write index is defined for alias [clickstream]"));
    }
}
