package cryo.controller.board;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.spi.Spi;
import com.pi4j.io.spi.SpiBase;
import com.pi4j.io.spi.SpiConfig;
import com.pi4j.io.spi.SpiProviderBase;
import cryo.sim.board.SimulatedSpiPort;

/**
 * A Pi4J SPI provider of the project's own whose SPI device is the simulated board's SPI port:
 * each full-duplex transfer the real {@code Pi4jSpiRegisterBus} makes goes to
 * {@link SimulatedSpiPort}, which hands the frame to the simulated board. Test scope.
 */
final class LoopbackSpiProvider extends SpiProviderBase {
    private final SimulatedSpiPort port;
    SpiConfig config;

    LoopbackSpiProvider(SimulatedSpiPort port) {
        super("cryo-loopback-spi", "SPI loopback to the simulated board");
        this.port = port;
    }

    /** A Pi4J context whose only SPI provider is this loopback. */
    Context newContext() {
        return Pi4J.newContextBuilder().noAutoDetect().add(this).build();
    }

    @Override
    public Spi create(SpiConfig config) {
        this.config = config;
        return new SpiBase(this, config) {
            @Override
            public int transfer(byte[] write, int writeOffset, byte[] read, int readOffset, int numberOfBytes) {
                return port.transfer(write, writeOffset, read, readOffset, numberOfBytes);
            }

            @Override
            public int read() {
                throw new UnsupportedOperationException("full-duplex transfers only");
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                throw new UnsupportedOperationException("full-duplex transfers only");
            }

            @Override
            public int write(byte b) {
                throw new UnsupportedOperationException("full-duplex transfers only");
            }

            @Override
            public int write(byte[] data, int offset, int length) {
                throw new UnsupportedOperationException("full-duplex transfers only");
            }
        };
    }
}
