package cryo.deploy.systemd;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.nio.charset.StandardCharsets;
import jdk.incubator.foreign.CLinker;
import jdk.incubator.foreign.FunctionDescriptor;
import jdk.incubator.foreign.MemoryAccess;
import jdk.incubator.foreign.MemoryAddress;
import jdk.incubator.foreign.MemorySegment;
import jdk.incubator.foreign.ResourceScope;
import jdk.incubator.foreign.SymbolLookup;

/**
 * A unix datagram socket through libc. Java 17's channels speak unix sockets as streams only, and
 * systemd's $NOTIFY_SOCKET is a datagram socket, so this calls socket/sendto/bind/recv directly
 * through the JDK's own foreign linker (incubator module jdk.incubator.foreign: the JVM needs
 * {@code --add-modules jdk.incubator.foreign --enable-native-access=ALL-UNNAMED}; Linux x86_64 and
 * aarch64). The loader only sends; bind and receive are for tests that play systemd.
 * Not thread-safe: callers serialise.
 */
public final class UnixDatagram implements AutoCloseable {
    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int MSG_NOSIGNAL = 0x4000;
    private static final int SOL_SOCKET = 1;
    private static final int SO_RCVTIMEO = 20;
    private static final int PATH_MAX = 108;

    private static final MethodHandle SOCKET = handle("socket", MethodType.methodType(int.class, int.class, int.class, int.class),
            FunctionDescriptor.of(CLinker.C_INT, CLinker.C_INT, CLinker.C_INT, CLinker.C_INT));
    private static final MethodHandle SENDTO = handle("sendto",
            MethodType.methodType(long.class, int.class, MemoryAddress.class, long.class, int.class, MemoryAddress.class, int.class),
            FunctionDescriptor.of(CLinker.C_LONG, CLinker.C_INT, CLinker.C_POINTER, CLinker.C_LONG, CLinker.C_INT, CLinker.C_POINTER, CLinker.C_INT));
    private static final MethodHandle BIND = handle("bind", MethodType.methodType(int.class, int.class, MemoryAddress.class, int.class),
            FunctionDescriptor.of(CLinker.C_INT, CLinker.C_INT, CLinker.C_POINTER, CLinker.C_INT));
    private static final MethodHandle RECV = handle("recv", MethodType.methodType(long.class, int.class, MemoryAddress.class, long.class, int.class),
            FunctionDescriptor.of(CLinker.C_LONG, CLinker.C_INT, CLinker.C_POINTER, CLinker.C_LONG, CLinker.C_INT));
    private static final MethodHandle SETSOCKOPT = handle("setsockopt",
            MethodType.methodType(int.class, int.class, int.class, int.class, MemoryAddress.class, int.class),
            FunctionDescriptor.of(CLinker.C_INT, CLinker.C_INT, CLinker.C_INT, CLinker.C_INT, CLinker.C_POINTER, CLinker.C_INT));
    private static final MethodHandle CLOSE = handle("close", MethodType.methodType(int.class, int.class),
            FunctionDescriptor.of(CLinker.C_INT, CLinker.C_INT));

    private final ResourceScope scope = ResourceScope.newConfinedScope();
    private final int fd;

    private UnixDatagram(int fd) {
        this.fd = fd;
    }

    /** An unbound datagram socket to send from. */
    public static UnixDatagram open() throws IOException {
        int fd;
        try {
            fd = (int) SOCKET.invokeExact(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        } catch (Throwable t) {
            throw new IOException("socket(AF_UNIX, SOCK_DGRAM): " + t, t);
        }
        if (fd < 0) {
            throw new IOException("socket(AF_UNIX, SOCK_DGRAM) failed");
        }
        return new UnixDatagram(fd);
    }

    /** A datagram socket bound to {@code path} (a leading '@' means the abstract namespace), receiving with a timeout. */
    public static UnixDatagram bind(String path, long receiveTimeoutMillis) throws IOException {
        UnixDatagram s = open();
        try {
            MemorySegment addr = address(path, s.scope);
            int rc = (int) BIND.invokeExact(s.fd, addr.address(), (int) addr.byteSize());
            MemorySegment tv = MemorySegment.allocateNative(16, s.scope);
            MemoryAccess.setLongAtOffset(tv, 0, receiveTimeoutMillis / 1000);
            MemoryAccess.setLongAtOffset(tv, 8, (receiveTimeoutMillis % 1000) * 1000);
            int rc2 = (int) SETSOCKOPT.invokeExact(s.fd, SOL_SOCKET, SO_RCVTIMEO, tv.address(), 16);
            if (rc != 0 || rc2 != 0) {
                throw new IOException("bind/setsockopt on unix datagram socket " + path + " failed");
            }
            return s;
        } catch (IOException e) {
            s.close();
            throw e;
        } catch (Throwable t) {
            s.close();
            throw new IOException("bind " + path + ": " + t, t);
        }
    }

    /** Sends one datagram to the socket at {@code path}. */
    public void send(String path, String message) throws IOException {
        try (ResourceScope call = ResourceScope.newConfinedScope()) {
            MemorySegment addr = address(path, call);
            byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
            MemorySegment buf = MemorySegment.allocateNative(Math.max(1, bytes.length), call);
            buf.asSlice(0, bytes.length).copyFrom(MemorySegment.ofArray(bytes));
            long n = (long) SENDTO.invokeExact(fd, buf.address(), (long) bytes.length, MSG_NOSIGNAL, addr.address(), (int) addr.byteSize());
            if (n != bytes.length) {
                throw new IOException("sendto " + path + " failed (" + n + ")");
            }
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException("sendto " + path + ": " + t, t);
        }
    }

    /** The next datagram, or null when none came within the receive timeout. */
    public String receive() throws IOException {
        try (ResourceScope call = ResourceScope.newConfinedScope()) {
            MemorySegment buf = MemorySegment.allocateNative(4096, call);
            long n = (long) RECV.invokeExact(fd, buf.address(), 4096L, 0);
            return n < 0 ? null : new String(buf.asSlice(0, n).toByteArray(), StandardCharsets.UTF_8);
        } catch (Throwable t) {
            throw new IOException("recv: " + t, t);
        }
    }

    @Override
    public void close() {
        try {
            int ignored = (int) CLOSE.invokeExact(fd);
        } catch (Throwable ignored) {
            // closing
        }
        scope.close();
    }

    private static MemorySegment address(String path, ResourceScope scope) throws IOException {
        byte[] p = path.getBytes(StandardCharsets.UTF_8);
        if (p.length == 0 || p.length >= PATH_MAX) {
            throw new IOException("unix socket path: expected 1.." + (PATH_MAX - 1) + " bytes, found " + p.length);
        }
        if (p[0] == '@') {
            p[0] = 0; // abstract namespace: no trailing NUL, the length says where the name ends
        }
        MemorySegment addr = MemorySegment.allocateNative(2 + p.length + (p[0] == 0 ? 0 : 1), scope);
        addr.fill((byte) 0);
        MemoryAccess.setShortAtOffset(addr, 0, (short) AF_UNIX);
        addr.asSlice(2, p.length).copyFrom(MemorySegment.ofArray(p));
        return addr;
    }

    private static MethodHandle handle(String name, MethodType type, FunctionDescriptor descriptor) {
        return CLinker.getInstance().downcallHandle(CLinker.systemLookup().lookup(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name)), type, descriptor);
    }
}
