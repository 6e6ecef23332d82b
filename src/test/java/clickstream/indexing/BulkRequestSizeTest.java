package clickstream.indexing;

import clickstream.model.IndexNames;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.opensearch.client.json.NdJsonpSerializable;
import org.opensearch.client.json.jackson.JacksonJsonpMapper;
import org.opensearch.client.opensearch.core.BulkRequest;
import org.opensearch.client.opensearch.core.bulk.CreateOperation;

import com.fasterxml.jackson.databind.util.RawValue;

import jakarta.json.stream.JsonGenerator;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import clickstream.model.ClickEvent;
import clickstream.model.ClickEventJson;

/** The pending operations of a batch go out in bulk requests bounded in bytes ({@code indexer.max-bulk-bytes}). */
class BulkRequestSizeTest {

    private static final DefaultCamelContext CONTEXT = new DefaultCamelContext();
    private static final IndexNames INDEX_NAMES = new IndexNames("clickstream");

    private static BulkRequestFactory factory(long maxBytes) {
        return new BulkRequestFactory(IndexingFixtures.validator(16_384, Instant.parse("2026-11-26T06:00:00Z")), INDEX_NAMES, new BulkLimits(maxBytes, 2));
    }

    /** The requests the route's loop would send if every one went through: the records each carried. */
    private static List<List<IndexBatch.Pending>> requests(BulkRequestFactory factory, Exchange exchange) {
        IndexBatch batch = IndexBatch.of(exchange);
        List<List<IndexBatch.Pending>> requests = new ArrayList<>();
        while (batch.hasPending()) {
            factory.pendingOperations(exchange);
            requests.add(batch.sent());
            batch.retryOnly(List.of());
        }
        return requests;
    }

    @Test
    void theSizeOfARequestIsWhatTheClientWrites() throws Exception {
        List<ClickEvent> events = IndexingFixtures.events(40, Instant.parse("2026-11-26T05:31:02.123Z"));
        IndexingFixtures fixtures = new IndexingFixtures();
        List<Exchange> records = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            records.add(fixtures.record(ClickEventJson.toBytes(events.get(i)), 0, i));
        }
        Exchange exchange = fixtures.batch(records);
        BulkRequestFactory factory = factory(Long.MAX_VALUE);
        factory.toOperations(exchange);

        factory.pendingOperations(exchange);

        @SuppressWarnings("unchecked")
        List<CreateOperation<RawValue>> operations = exchange.getMessage().getBody(List.class);
        assertThat(operations).hasSize(40);
        assertThat(IndexBatch.of(exchange).sentBytes()).isEqualTo(ndJsonBytes(operations));
    }

    @Test
    void aBatchGoesOutInRequestsWithinTheBoundAndALargerDocumentAlone() {
        Exchange exchange = batchOf(List.of(300, 300, 300, 2000, 300, 300));
        BulkRequestFactory factory = factory(1000);

        List<List<IndexBatch.Pending>> requests = requests(factory, exchange);

        // each operation is its document plus 93 bytes of action line and newlines: two fit in 1000, not three
        assertThat(requests).extracting(List::size).containsExactly(2, 1, 1, 2);
    }

    @Property(tries = 300)
    void requestsCarryEveryPendingRecordOnceInOrderEachWithinTheBoundOrAlone(
            @ForAll @Size(min = 1, max = 60) List<@IntRange(min = 2, max = 6000) Integer> documentSizes,
            @ForAll @IntRange(min = 1, max = 20_000) int maxBytes) {
        Exchange exchange = batchOf(documentSizes);
        List<IndexBatch.Pending> all = List.copyOf(IndexBatch.of(exchange).pending());
        BulkRequestFactory factory = factory(maxBytes);

        List<List<IndexBatch.Pending>> requests = requests(factory, exchange);

        assertThat(requests.stream().flatMap(List::stream).toList()).containsExactlyElementsOf(all);
        for (int i = 0; i < requests.size(); i++) {
            List<IndexBatch.Pending> request = requests.get(i);
            long bytes = request.stream().mapToLong(p -> factory.bytes(p.event())).sum();
            assertThat(bytes <= maxBytes || request.size() == 1).as("request %d of %d bytes", i, bytes).isTrue();
            if (i + 1 < requests.size()) {
                // as full as the bound allows: the next record would not have fitted
                assertThat(bytes + factory.bytes(requests.get(i + 1).get(0).event())).isGreaterThan(maxBytes);
            }
        }
    }

    private static Exchange batchOf(List<Integer> documentSizes) {
        IndexBatch batch = new IndexBatch(List.of());
        for (int size : documentSizes) {
            byte[] document = ("{\"p\":\"" + "x".repeat(Math.max(0, size - 8)) + "\"}").getBytes(StandardCharsets.UTF_8);
            batch.accept(null, new ValidEvent(UUID.randomUUID().toString(), "2026-11-26", document));
        }
        Exchange exchange = new DefaultExchange(CONTEXT);
        exchange.setProperty(IndexBatch.PROPERTY, batch);
        return exchange;
    }

    /** The bulk body as the client's transport writes it (RestClientTransport.writeNdJson in opensearch-java 3.4). */
    private static long ndJsonBytes(List<CreateOperation<RawValue>> operations) {
        BulkRequest request = BulkRequest.of(b -> {
            operations.forEach(op -> b.operations(o -> o.create(op)));
            return b;
        });
        JacksonJsonpMapper mapper = new JacksonJsonpMapper();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeNdJson(request, mapper, out);
        return out.size();
    }

    private static void writeNdJson(NdJsonpSerializable value, JacksonJsonpMapper mapper, ByteArrayOutputStream out) {
        Iterator<?> values = value._serializables();
        while (values.hasNext()) {
            Object item = values.next();
            if (item instanceof NdJsonpSerializable nested && item != value) {
                writeNdJson(nested, mapper, out);
            } else {
                JsonGenerator generator = mapper.jsonProvider().createGenerator(out);
                mapper.serialize(item, generator);
                generator.close();
                out.write('\n');
            }
        }
    }
}
