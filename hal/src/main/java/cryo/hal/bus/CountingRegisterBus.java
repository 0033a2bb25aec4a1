package cryo.hal.bus;

/**
 * A {@link RegisterBus} that counts the transfers it passes on and the bytes they would clock over
 * SPI ({@link SpiFraming#transferLength}), to size a tick's bus time ({@link SpiBusBudget}).
 * Thread contract: the wrapped bus's (one owning thread); the counters are plain fields for it.
 */
public final class CountingRegisterBus implements RegisterBus {
    private final RegisterBus bus;
    private long transfers;
    private long spiBytes;

    public CountingRegisterBus(RegisterBus bus) {
        this.bus = bus;
    }

    @Override
    public int transfer(byte[] request, int requestLength, byte[] response) throws BusException {
        transfers++;
        spiBytes += SpiFraming.transferLength(request[0] & 0xFF, request[3] & 0xFF);
        return bus.transfer(request, requestLength, response);
    }

    public long transfers() {
        return transfers;
    }

    public long spiBytes() {
        return spiBytes;
    }

    @Override
    public void close() {
        bus.close();
    }
}
