package io.cutovermonitor.service.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on a free loopback port in front of a real server, so a test can take the server away from one
 * client without touching the server, which other tests on the machine share. {@link #cut()} closes every live
 * connection and refuses new ones until {@link #restore()}.
 * <p>
 * While cut, a new connection is accepted and closed at once rather than the port being given up: the client sees
 * its connection attempt fail, as with a server that is gone, and no other process can take the port in the
 * meantime.
 */
public final class TcpProxy implements AutoCloseable {

    private final InetSocketAddress target;
    private final ServerSocket server;
    private final Set<Socket> live = ConcurrentHashMap.newKeySet();
    private volatile boolean cut;

    private TcpProxy(InetSocketAddress target) {
        this.target = target;
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(this::accept, "tcp-proxy-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A proxy to {@code address} ({@code host:port}), listening at once. */
    public static TcpProxy to(String address) {
        int colon = address.lastIndexOf(':');
        return new TcpProxy(new InetSocketAddress(address.substring(0, colon),
                Integer.parseInt(address.substring(colon + 1))));
    }

    /** {@code host:port} a client connects to instead of the server. */
    public String address() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    /** Closes every live connection and refuses new ones: the server is unreachable for the proxy's clients. */
    public void cut() {
        cut = true;
        live.forEach(TcpProxy::reset);
    }

    /** Lets new connections through again. */
    public void restore() {
        cut = false;
    }

    @Override
    public void close() {
        cut();
        closeQuietly(server);
    }

    private void accept() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            if (cut) {
                closeQuietly(client);
                continue;
            }
            Socket upstream = new Socket();
            try {
                upstream.connect(target, 5_000);
            } catch (IOException e) {
                closeQuietly(upstream);
                closeQuietly(client);
                continue;
            }
            live.add(client);
            live.add(upstream);
            if (cut) { // cut while connecting
                reset(client);
                reset(upstream);
                live.remove(client);
                live.remove(upstream);
                continue;
            }
            pump(client, upstream);
            pump(upstream, client);
        }
    }

    private void pump(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side closed or cut: close both below
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                live.remove(from);
                live.remove(to);
            }
        }, "tcp-proxy-" + from.getPort() + ">" + to.getPort());
        thread.setDaemon(true);
        thread.start();
    }

    /** Drops a connection with a reset, no orderly goodbye: as when the server's host or the network fails. */
    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (SocketException e) {
            // already closed
        }
        closeQuietly(socket);
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public String toString() {
        return "TcpProxy[" + address() + " -> " + target + (cut ? ", cut" : "") + "]";
    }
}
