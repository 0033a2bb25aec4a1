package cryo.controller.app;

import java.nio.file.Path;

/** A child JVM for {@link StateDirLockTest}: holds the lock of args[0], says "locked", lets go when stdin closes. */
public final class StateDirLockHolder {
    private StateDirLockHolder() {
    }

    public static void main(String[] args) throws Exception {
        try (StateDirLock lock = StateDirLock.acquire(Path.of(args[0]))) {
            System.out.println("locked " + ProcessHandle.current().pid());
            System.out.flush();
            while (System.in.read() >= 0) {
                // until the parent closes our stdin
            }
        }
    }
}
