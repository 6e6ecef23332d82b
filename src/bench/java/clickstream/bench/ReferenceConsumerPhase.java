package clickstream.bench;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.opensearch.client.Request;
import org.opensearch.client.Response;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import clickstream.config.Settings;
import clickstream.config.SettingsCatalog.Indexer;
import clickstream.model.IndexNames;

/**
 * (2) The reference consumer: the smallest drain a hand-written program would be, on the same topic and node as the
 * pipeline drain, so the pair says how close the pipeline comes to what this machine allows a consumer. Per thread
 * ({@code indexer.consumers} of them, so as many bulk requests in flight as the app), a plain {@link KafkaConsumer}
 * with the app's consumer settings polls a batch, writes it as one bulk body of exactly the size the record bytes
 * need ({@code _id} = event_id, daily index from the timestamp, the record's bytes as the document), sends it with
 * the node's {@link org.opensearch.client.RestClient}, reads the response filtered to what a pipeline needs to find
 * failed items ({@value #FILTER_PATH}: each item's status in request order, and the error of a refused one), and
 * commits the batch's offsets after. No validation, no dead letters, no retries: the limit, not a product.
 *
 * <p>Its clock starts, like the drain's, when one of its consumers first fetches records ({@link FirstFetch}).
 */
final class ReferenceConsumerPhase implements Phase {

    static final String FILTER_PATH = "errors,items.*.status,items.*.error";
    private static final JsonFactory JSON = new JsonFactory();

    private final SearchNode node;
    private final String brokers;

    ReferenceConsumerPhase(SearchNode node, String brokers) {
        this.node = node;
        this.brokers = brokers;
    }

    @Override
    public String key() {
        return "reference";
    }

    @Override
    public Map<String, Object> run(String topic, int events, Window window) throws Exception {
        String name = topic + "-reference";
        node.installTemplate(name, false);
        Settings app = AppSettings.of(Map.of());
        int consumers = app.get(Indexer.CONSUMERS);
        IndexNames names = new IndexNames(name);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicLong requests = new AtomicLong();
        List<KafkaConsumer<byte[], byte[]>> clients = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        FirstFetch.onFirstRecords(name, window::start);
        try {
            for (int i = 0; i < consumers; i++) {
                KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties(app, name, i));
                clients.add(consumer);
                // "KafkaConsumer" in the name: CpuMeter counts these threads with the app's consumer threads
                Thread thread = new Thread(() -> drain(consumer, topic, names, app, requests, failure),
                        "reference KafkaConsumer #" + i);
                threads.add(thread);
            }
            threads.forEach(Thread::start);
            node.awaitCount(name + "-*", events, Duration.ofMinutes(5), () -> {
                if (failure.get() != null) {
                    throw new IllegalStateException("the reference consumer failed", failure.get());
                }
            });
            window.stop(events);
        } finally {
            FirstFetch.forget(name);
            clients.forEach(KafkaConsumer::wakeup);
            for (Thread thread : threads) {
                thread.join();
            }
        }
        long count = node.count(name + "-*");
        node.deleteIndices(name + "-*");
        if (count != events) {
            throw new IllegalStateException("reference drain of " + events + " events ended with " + count + " documents");
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("consumers", consumers);
        result.put("max_poll_records", app.get(Indexer.MAX_POLL_RECORDS));
        result.put("bulk_requests", requests.get());
        result.put("filter_path", FILTER_PATH);
        return result;
    }

    /** The app's consumer settings (routes/indexer.yaml and camel-kafka's defaults), offsets committed by hand. */
    private Properties consumerProperties(Settings app, String group, int i) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, group + "-" + i);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, app.get(Indexer.AUTO_OFFSET_RESET));
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, app.get(Indexer.MAX_POLL_RECORDS));
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, app.get(Indexer.SESSION_TIMEOUT_MS));
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, app.get(Indexer.HEARTBEAT_INTERVAL_MS));
        props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG, FirstFetch.class.getName());
        return props;
    }

    /** Poll, index, commit, until woken up; the first failure is kept and ends the thread. */
    private void drain(KafkaConsumer<byte[], byte[]> consumer, String topic, IndexNames names, Settings app,
            AtomicLong requests, AtomicReference<Throwable> failure) {
        Duration pollTimeout = Duration.ofMillis(app.get(Indexer.POLL_TIMEOUT_MS));
        try (consumer) {
            consumer.subscribe(List.of(topic));
            while (failure.get() == null) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(pollTimeout);
                if (records.isEmpty()) {
                    continue;
                }
                bulk(body(records, names));
                requests.incrementAndGet();
                consumer.commitSync();
            }
        } catch (WakeupException done) {
            // the window has closed
        } catch (Throwable e) {
            failure.compareAndSet(null, e);
        }
    }

    /** One bulk body of exactly the bytes it needs: the action lines first, then one array, filled once. */
    static byte[] body(ConsumerRecords<byte[], byte[]> records, IndexNames names) throws IOException {
        byte[][] actions = new byte[records.count()][];
        int size = 0;
        int i = 0;
        for (ConsumerRecord<byte[], byte[]> record : records) {
            actions[i] = action(record.value(), names);
            size += actions[i++].length + record.value().length + 1;
        }
        byte[] body = new byte[size];
        int at = 0;
        i = 0;
        for (ConsumerRecord<byte[], byte[]> record : records) {
            byte[] action = actions[i++];
            System.arraycopy(action, 0, body, at, action.length);
            at += action.length;
            System.arraycopy(record.value(), 0, body, at, record.value().length);
            at += record.value().length;
            body[at++] = '\n';
        }
        return body;
    }

    /** The action line of one event: reads its top-level fields only up to event_id and timestamp. */
    static byte[] action(byte[] event, IndexNames names) throws IOException {
        String id = null;
        String timestamp = null;
        try (JsonParser parser = JSON.createParser(event)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            while ((id == null || timestamp == null) && parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value == JsonToken.VALUE_STRING && field.equals("event_id")) {
                    id = parser.getText();
                } else if (value == JsonToken.VALUE_STRING && field.equals("timestamp")) {
                    timestamp = parser.getText();
                } else {
                    parser.skipChildren();
                }
            }
        }
        if (id == null || timestamp == null || timestamp.length() < 10) {
            throw new IOException("no event_id or timestamp in an event");
        }
        return SearchNode.actionLine(names.forDate(timestamp.substring(0, 10)), id);
    }

    /** Sends a bulk body; fails if the node refused any item (this benchmark's events are all valid). */
    private void bulk(byte[] body) throws IOException {
        Request request = new Request("POST", "/_bulk");
        request.addParameter("filter_path", FILTER_PATH);
        request.setEntity(new ByteArrayEntity(body, SearchNode.NDJSON));
        Response response = node.restClient().performRequest(request);
        int refused = 0;
        try (InputStream in = response.getEntity().getContent(); JsonParser parser = JSON.createParser(in)) {
            // every item's status is read, as a pipeline must to know which of its records failed
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token == JsonToken.FIELD_NAME && parser.currentName().equals("status")) {
                    parser.nextToken();
                    if (parser.getIntValue() >= 300) {
                        refused++;
                    }
                }
            }
        }
        if (refused > 0) {
            throw new IllegalStateException(refused + " of a bulk request's items refused");
        }
    }
}
