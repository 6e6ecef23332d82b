package clickstream.dashboard;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * A multipart/form-data body with one file part, which is all the saved-objects import API takes
 * (java.net.http has no multipart publisher).
 */
public final class MultipartFormData {

    private final String boundary;
    private final byte[] body;

    private MultipartFormData(String boundary, byte[] body) {
        this.boundary = boundary;
        this.body = body;
    }

    public static MultipartFormData ofFile(String field, String fileName, String contentType, byte[] content) {
        String boundary = "clickstream-" + UUID.randomUUID().toString().replace("-", "");
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 256);
        write(out, "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"" + quoted(field) + "\"; filename=\"" + quoted(fileName) + "\"\r\n"
                + "Content-Type: " + contentType + "\r\n"
                + "\r\n");
        out.writeBytes(content);
        write(out, "\r\n--" + boundary + "--\r\n");
        return new MultipartFormData(boundary, out.toByteArray());
    }

    /** The Content-Type header value, with the boundary. */
    public String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    public byte[] body() {
        return body.clone();
    }

    private static String quoted(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\r", "").replace("\n", "");
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}
