package com.sharefab.app.benchmark;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A lean HTTP/1.1 client for the load benchmark: one kept-alive connection, requests written as bytes, responses read
 * by their {@code Content-Length} or chunks. The JDK's {@code HttpClient} took 16 % of the CPU of the {@code order(id)}
 * phase (session 7) on the two cores it shares with the app under test; a load generator built like wrk takes a
 * fraction of that, so the figure says more about the app. Not thread-safe: one per client thread.
 */
final class RawHttpClient implements AutoCloseable {

    /** A response: its status and its body. */
    record Response(int status, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final InetSocketAddress address;
    private final byte[] requestHead;
    private Socket socket;
    private OutputStream out;
    private InputStream in;

    /** For POSTs of JSON to {@code path} on {@code 127.0.0.1:port}. */
    RawHttpClient(int port, String path) {
        this.address = new InetSocketAddress("127.0.0.1", port);
        this.requestHead = ("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nContent-Type: application/json\r\nAccept: application/json\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    /** POSTs {@code json} with the bearer token (if any) and reads the whole response. */
    Response post(String bearerToken, byte[] json) throws IOException {
        if (socket == null) {
            connect();
        }
        try {
            return exchange(bearerToken, json);
        } catch (IOException e) {
            // the server closed a kept-alive connection between two requests: once more on a fresh one
            close();
            connect();
            return exchange(bearerToken, json);
        }
    }

    private Response exchange(String bearerToken, byte[] json) throws IOException {
        out.write(requestHead);
        if (bearerToken != null) {
            out.write(("Authorization: Bearer " + bearerToken + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        }
        out.write(("Content-Length: " + json.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(json);
        out.flush();

        String statusLine = line();
        if (statusLine == null) {
            throw new IOException("connection closed before a response");
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        int length = -1;
        boolean chunked = false;
        boolean closeAfter = false;
        for (String header = line(); header != null && !header.isEmpty(); header = line()) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Integer.parseInt(lower.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
                closeAfter = true;
            }
        }
        byte[] body;
        if (chunked) {
            var buffer = new ByteArrayOutputStream();
            for (int size = Integer.parseInt(line().split(";")[0].trim(), 16); size > 0;
                    size = Integer.parseInt(line().split(";")[0].trim(), 16)) {
                buffer.write(in.readNBytes(size));
                line(); // the CRLF after the chunk
            }
            for (String trailer = line(); trailer != null && !trailer.isEmpty(); trailer = line()) {
                // trailers: none expected
            }
            body = buffer.toByteArray();
        } else if (length >= 0) {
            body = in.readNBytes(length);
        } else {
            body = in.readAllBytes();
            closeAfter = true;
        }
        if (closeAfter) {
            close();
        }
        return new Response(status, body);
    }

    /** One header line without its CRLF; null at the end of the stream. */
    private String line() throws IOException {
        var line = new StringBuilder(64);
        for (int b = in.read(); b != -1; b = in.read()) {
            if (b == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            line.append((char) b);
        }
        return line.length() == 0 ? null : line.toString();
    }

    private void connect() throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(address, 5_000);
        socket.setSoTimeout(30_000);
        out = new BufferedOutputStream(socket.getOutputStream(), 8192);
        in = new BufferedInputStream(socket.getInputStream(), 16384);
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            socket = null;
        }
    }
}
