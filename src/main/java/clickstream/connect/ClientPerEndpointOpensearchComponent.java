package clickstream.connect;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.component.opensearch.OpensearchComponent;
import org.apache.camel.spi.annotations.Component;
import org.opensearch.client.RestClient;

/**
 * The {@code opensearch:} component, giving each endpoint a client of its own from {@link OpenSearchConnection}.
 * The Camel opensearch producer closes the client it was given when its route stops (camel-opensearch 4.17
 * {@code OpensearchProducer.doStop()}), so with one shared client a route that is reloaded live, or restarted, would
 * come back with a closed client and never index again. Whatever {@code client} is configured on the component is
 * not used.
 */
@Component("opensearch") // the name finds the generated option configurers, as for the component it extends
public final class ClientPerEndpointOpensearchComponent extends OpensearchComponent {

    private final OpenSearchConnection connection;
    private final List<RestClient> created = new ArrayList<>();

    public ClientPerEndpointOpensearchComponent(OpenSearchConnection connection) {
        this.connection = connection;
    }

    @Override
    protected synchronized Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters)
            throws Exception {
        created.removeIf(old -> !old.isRunning());
        RestClient client = connection.newRestClient();
        created.add(client);
        setClient(client);
        return super.createEndpoint(uri, remaining, parameters);
    }

    @Override
    protected synchronized void doStop() throws Exception {
        // producers close their own clients; these are the ones of endpoints that never got a running producer
        for (RestClient client : created) {
            if (client.isRunning()) {
                client.close();
            }
        }
        created.clear();
        super.doStop();
    }
}
