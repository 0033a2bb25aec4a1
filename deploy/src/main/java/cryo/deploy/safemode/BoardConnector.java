package cryo.deploy.safemode;

import cryo.hal.bus.BusException;
import cryo.hal.bus.RegisterBus;

/** Opens the register bus to the board (TCP to a simulated board, SPI on hardware). */
public interface BoardConnector {
    RegisterBus open() throws BusException;
}
