package cryo.sim.plant;

import cryo.hal.device.StageId;
import java.util.ArrayList;
import java.util.List;

/**
 * The default cryostat: a pulse-tube precooled ("dry") dilution refrigerator with five copper stages —
 * 50 K plate, 4 K plate, still, cold plate, mixing chamber — and an optional sample stage on a cold finger
 * below the mixing chamber.
 *
 * <p>Physics (figures in {@link PlantParameter}): copper heat capacity γT + Debye ({@link CopperHeatCapacity});
 * conduction through stainless supports with the NIST k(T) ({@link ConductiveLink}); radiation from each
 * warmer shield ({@link RadiativeLink}); fixed leaks; a two-stage pulse tube ({@link PulseTubeStage});
 * precool heat switches; the {@link DilutionUnit} (condensing, circulation set by still power, 84·ṅ·T²);
 * heater inputs and the Cryo-CMOS board's dissipation on the 4 K plate (a share of its pulse power, when
 * {@code wiring.pulse_mxc_fraction} is set, on the mixing chamber instead). Integrated by
 * {@link ThermalNetwork}: implicit, energy-conserving, sub-stepping internally only when Newton needs it.
 *
 * <p>Fault knobs: {@link #setPulseTubeRunning}, {@link #setCirculationLossFraction},
 * {@link #setVacuumGasPressurePascal}. Not thread-safe (the board serializes access); {@link #update}
 * allocates nothing.
 */
public final class CryostatPlant implements Plant {

    private static final StageId[] ORDER = {
        StageId.PLATE_50K, StageId.PLATE_4K, StageId.STILL, StageId.COLD_PLATE, StageId.MXC, StageId.SAMPLE
    };

    private final PlantParameters parameters;
    private final int[] nodeOf = new int[StageId.values().length];
    private final ThermalNetwork network;
    private final PulseTubeStage pulseTube1;
    private final PulseTubeStage pulseTube2;
    private final DilutionUnit dilution;
    private final KapitzaLink kapitza;
    /** network node of the liquid in the mixing chamber (not a stage: nothing reads or heats it directly) */
    private final int mixtureNode;
    private final double mixtureMol;
    private final ConductanceLink[] switches;
    private final ConductanceLink[] vacuumGas;
    private final ConductanceLink stoppedTube1;
    private final ConductanceLink stoppedTube2;
    private final double maxSubstepSeconds;
    private final double lineFraction;
    private final double rippleHz;
    private final double ripple1Watts;
    private final double ripple2Watts;
    /** Substep cap while the ripple is on: 20 steps a cycle, so the sine is resolved, not aliased. */
    private final double rippleSubstepSeconds;
    private boolean rippleHeld;
    private double substepSeconds;
    private double timeSeconds;
    private double storedAtLedgerStartJoules;
    private double vacuumPressurePascal;
    private long substeps;

    /** A plant with the default figures, everything at room temperature, mixture in the dump. */
    public CryostatPlant() {
        this(PlantParameters.defaults());
    }

    /** A plant with the given figures (copied), everything at room temperature, mixture in the dump. */
    public CryostatPlant(PlantParameters figures) {
        figures.validate();
        this.parameters = figures.copy();
        PlantParameters p = parameters;
        java.util.Arrays.fill(nodeOf, -1);
        int stages = p.hasSampleStage() ? 6 : 5;
        int n = stages + 1; // + the liquid in the mixing chamber, behind its Kapitza boundary
        double[] moles = new double[n];
        double[] helium = new double[n];
        PlantParameter[] masses = {
            PlantParameter.MASS_50K, PlantParameter.MASS_4K, PlantParameter.MASS_STILL,
            PlantParameter.MASS_COLD_PLATE, PlantParameter.MASS_MXC, PlantParameter.MASS_SAMPLE
        };
        for (int i = 0; i < stages; i++) {
            nodeOf[ORDER[i].ordinal()] = i;
            moles[i] = CopperHeatCapacity.moles(p.get(masses[i]));
        }
        final int room = NetworkState.ROOM;
        final int p50 = 0;
        final int p4 = 1;
        final int still = 2;
        final int cp = 3;
        final int mxc = 4;
        final int sample = 5;
        final int mixture = stages;
        mixtureNode = mixture;
        boolean hasSample = stages == 6;
        helium[mixture] = p.get(PlantParameter.MXC_HE3_MOL);
        helium[still] = p.get(PlantParameter.STILL_HE3_MOL);
        TabulatedProperty ss = Conductivity.STAINLESS_304;

        List<HeatPath> paths = new ArrayList<>();
        paths.add(new ConductiveLink(room, p50, ss, p.get(PlantParameter.LINK_ROOM_50K), EnergyAccount.CONDUCTION));
        paths.add(new ConductiveLink(p50, p4, ss, p.get(PlantParameter.LINK_50K_4K), null));
        paths.add(new ConductiveLink(p4, still, ss, p.get(PlantParameter.LINK_4K_STILL), null));
        paths.add(new ConductiveLink(still, cp, ss, p.get(PlantParameter.LINK_STILL_CP), null));
        paths.add(new ConductiveLink(cp, mxc, ss, p.get(PlantParameter.LINK_CP_MXC), null));
        paths.add(new RadiativeLink(room, p50, p.get(PlantParameter.RAD_50K), EnergyAccount.RADIATION));
        paths.add(new RadiativeLink(p50, p4, p.get(PlantParameter.RAD_4K), null));
        paths.add(new RadiativeLink(p4, still, p.get(PlantParameter.RAD_STILL), null));
        paths.add(new RadiativeLink(still, cp, p.get(PlantParameter.RAD_CP), null));
        paths.add(new RadiativeLink(still, mxc, p.get(PlantParameter.RAD_MXC), null));
        if (hasSample) {
            paths.add(new ConductiveLink(mxc, sample, Conductivity.COPPER_RRR100, p.get(PlantParameter.LINK_MXC_SAMPLE), null));
            paths.add(new RadiativeLink(still, sample, p.get(PlantParameter.RAD_SAMPLE), null));
        }
        switches = new ConductanceLink[] {
            new ConductanceLink(p4, still, null), new ConductanceLink(still, cp, null), new ConductanceLink(cp, mxc, null)
        };
        paths.addAll(List.of(switches));
        List<ConductanceLink> gas = new ArrayList<>(List.of(
                new ConductanceLink(room, p50, EnergyAccount.CONDUCTION), new ConductanceLink(p50, p4, null),
                new ConductanceLink(p4, still, null), new ConductanceLink(still, cp, null), new ConductanceLink(cp, mxc, null)));
        if (hasSample) {
            gas.add(new ConductanceLink(mxc, sample, null));
        }
        vacuumGas = gas.toArray(new ConductanceLink[0]);
        paths.addAll(gas);
        stoppedTube1 = new ConductanceLink(room, p50, EnergyAccount.CONDUCTION);
        stoppedTube2 = new ConductanceLink(p50, p4, null);
        paths.add(stoppedTube1);
        paths.add(stoppedTube2);
        pulseTube1 = new PulseTubeStage(p50, p.get(PlantParameter.PT1_RATED_W), p.get(PlantParameter.PT1_RATED_K),
                p.get(PlantParameter.PT1_NO_LOAD_K), p.get(PlantParameter.PT1_MAX_W));
        pulseTube2 = new PulseTubeStage(p4, p.get(PlantParameter.PT2_RATED_W), p.get(PlantParameter.PT2_RATED_K),
                p.get(PlantParameter.PT2_NO_LOAD_K), p.get(PlantParameter.PT2_MAX_W));
        paths.add(pulseTube1);
        paths.add(pulseTube2);
        kapitza = new KapitzaLink(mxc, mixture, p.get(PlantParameter.KAPITZA_AREA), p.get(PlantParameter.KAPITZA_KAPPA));
        paths.add(kapitza);
        dilution = new DilutionUnit(p, p50, p4, still, cp, mixture);
        paths.add(dilution);

        network = new ThermalNetwork(moles, helium, p.get(PlantParameter.HE3_GAMMA), p.get(PlantParameter.ROOM_K), p4,
                paths.toArray(new HeatPath[0]));
        PlantParameter[] leaks = {
            PlantParameter.LEAK_50K, PlantParameter.LEAK_4K, PlantParameter.LEAK_STILL,
            PlantParameter.LEAK_CP, PlantParameter.LEAK_MXC, PlantParameter.LEAK_SAMPLE
        };
        for (int i = 0; i < n; i++) {
            network.leakWatts[i] = i < stages ? p.get(leaks[i]) : 0;
            network.state.kelvin[i] = p.get(PlantParameter.ROOM_K);
        }
        network.lineNode = mxc;
        lineFraction = p.get(PlantParameter.LINE_MXC_FRACTION);
        mixtureMol = p.get(PlantParameter.MIXTURE_MOL);
        maxSubstepSeconds = p.get(PlantParameter.MAX_SUBSTEP_S);
        rippleHz = p.get(PlantParameter.PT_RIPPLE_HZ);
        ripple1Watts = p.get(PlantParameter.PT1_RIPPLE_W);
        ripple2Watts = p.get(PlantParameter.PT2_RIPPLE_W);
        rippleSubstepSeconds = Math.min(maxSubstepSeconds, 1.0 / (20 * rippleHz));
        substepSeconds = maxSubstepSeconds;
        applyKnobs();
        storedAtLedgerStartJoules = network.storedJoules();
    }

    /**
     * A default plant already at base: cooled down by the automatic sequence from room temperature with the
     * given still heater power (watts), then settled. Costs well under a second of wall time.
     */
    public static CryostatPlant cooledToBase(PlantParameters figures, double stillHeaterWatts) {
        CryostatPlant plant = new CryostatPlant(figures);
        plant.setHeaterPowerWatts(StageId.STILL, stillHeaterWatts);
        double limit = 7 * 24 * 3600.0;
        plant.rippleHeld = true; // days of cooldown at ripple-sized substeps would cost minutes; zero-mean anyway
        while (plant.dilutionPhase() != DilutionPhase.CIRCULATING && plant.timeSeconds() < limit) {
            plant.update(10.0);
        }
        plant.rippleHeld = false; // the three hours of settling run with it (if on), so it starts in steady state
        if (plant.dilutionPhase() != DilutionPhase.CIRCULATING) {
            throw new IllegalStateException("the plant did not reach circulation within a week: check the figures");
        }
        for (int i = 0; i < 3 * 3600; i++) {
            plant.update(1.0);
        }
        return plant;
    }

    // ---------------------------------------------------------------------------------------- Plant

    @Override
    public void update(double dtSeconds) {
        if (!(dtSeconds >= 0) || dtSeconds == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("dtSeconds must be finite and >= 0: " + dtSeconds);
        }
        double remaining = dtSeconds;
        boolean ripple = rippleOn();
        double cap = ripple ? rippleSubstepSeconds : maxSubstepSeconds;
        while (remaining > 0) {
            double h = Math.min(remaining, Math.min(substepSeconds, cap));
            if (remaining - h < 1e-6 * h) {
                h = remaining; // no sliver steps from rounding
            }
            if (ripple) {
                // from plant time (substep midpoint): deterministic, independent of how dt is split
                double s = Math.sin(2 * Math.PI * rippleHz * (timeSeconds + 0.5 * h));
                pulseTube1.setRippleWatts(ripple1Watts * s);
                pulseTube2.setRippleWatts(ripple2Watts * s);
            }
            if (network.tryStep(h)) {
                remaining -= h;
                timeSeconds += h;
                substeps++;
                DilutionPhase before = dilution.phase();
                dilution.advanceSequence(h, network.state.kelvin);
                if (dilution.phase() != before) {
                    applyKnobs();
                }
                syncLiquid();
                substepSeconds = Math.min(maxSubstepSeconds, 2 * substepSeconds);
            } else {
                substepSeconds = 0.5 * h;
                if (substepSeconds < 1e-9) {
                    throw new IllegalStateException("plant integrator did not converge at t = " + timeSeconds + " s");
                }
            }
        }
    }

    /** Whether the pulse-tube ripple is being applied (non-zero amplitude in the figures, not held off). */
    public boolean rippleOn() {
        return !rippleHeld && (ripple1Watts > 0 || ripple2Watts > 0);
    }

    /** Ripple frequency of the figures, hertz (applied only when an amplitude is non-zero). */
    public double rippleHz() {
        return rippleHz;
    }

    @Override
    public boolean hasStage(StageId stage) {
        return nodeOf[stage.ordinal()] >= 0;
    }

    @Override
    public double temperatureKelvin(StageId stage) {
        return network.state.kelvin[node(stage)];
    }

    @Override
    public void setHeaterPowerWatts(StageId stage, double powerWatts) {
        network.heaterWatts[node(stage)] = requirePower(powerWatts);
    }

    @Override
    public void setBoardDissipationWatts(double powerWatts) {
        network.boardWatts = requirePower(powerWatts);
        network.lineWatts = 0;
    }

    /** The pulse part is split: {@code wiring.pulse_mxc_fraction} of it on the mixing chamber, the rest on the 4 K plate. */
    @Override
    public void setBoardDissipationWatts(double staticWatts, double pulseWatts) {
        requirePower(staticWatts);
        requirePower(pulseWatts);
        double line = lineFraction * pulseWatts;
        network.boardWatts = staticWatts + (pulseWatts - line);
        network.lineWatts = line;
    }

    @Override
    public double timeSeconds() {
        return timeSeconds;
    }

    // ------------------------------------------------------------------------------------ fault knobs

    @Override
    public void setPulseTubeRunning(boolean running) {
        pulseTube1.setRunning(running);
        pulseTube2.setRunning(running);
        applyKnobs();
    }

    public boolean isPulseTubeRunning() {
        return pulseTube1.isRunning();
    }

    @Override
    public void setCirculationLossFraction(double fraction) {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("circulation loss fraction must be in [0, 1]: " + fraction);
        }
        dilution.setCirculationLossFraction(fraction);
    }

    @Override
    public void setVacuumGasPressurePascal(double pressurePascal) {
        if (!(pressurePascal >= 0) || pressurePascal == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("vacuum pressure must be finite and >= 0 Pa: " + pressurePascal);
        }
        vacuumPressurePascal = pressurePascal;
        applyKnobs();
    }

    // ----------------------------------------------------------------------- initial state, read-outs

    /**
     * Sets a stage's temperature outright (initial state of a scenario, not physics). Re-bases the energy
     * ledger: the balance is counted from here.
     */
    public void setTemperatureKelvin(StageId stage, double kelvin) {
        if (!(kelvin > 0) || kelvin == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("temperature must be finite and > 0 K: " + kelvin);
        }
        network.state.kelvin[node(stage)] = kelvin;
        if (stage == StageId.MXC) {
            network.state.kelvin[mixtureNode] = kelvin; // the liquid starts with its plate
        }
        resetEnergyLedger();
    }

    /** Forces the dilution unit's phase (initial state, or an operator when the automatic sequence is off). */
    public void setDilutionPhase(DilutionPhase phase) {
        dilution.setPhase(phase);
        applyKnobs();
        syncLiquid();
    }

    /** The liquid's heat capacity follows the mixture condensed (none in the dump). */
    private void syncLiquid() {
        network.setHeliumFraction(mixtureMol > 0 ? Math.min(1.0, dilution.condensedMol() / mixtureMol) : 0.0);
    }

    /** Temperature of the liquid in the mixing chamber, behind the Kapitza boundary from the plate, kelvin. */
    public double mixtureKelvin() {
        return network.state.kelvin[mixtureNode];
    }

    /** Heat capacity of the liquid in the mixing chamber now, J/K (0 while the mixture is in the dump). */
    public double mixtureHeatCapacityJoulesPerKelvin() {
        return network.heatCapacityJoulesPerKelvin(mixtureNode);
    }

    /** Kapitza conductance between mixing-chamber plate and liquid at a temperature, W/K. */
    public double kapitzaConductanceWattsPerKelvin(double kelvin) {
        return kapitza.conductanceWattsPerKelvin(kelvin);
    }

    public DilutionPhase dilutionPhase() {
        return dilution.phase();
    }

    /** He-3 circulation rate at the last step, mol/s (0 unless circulating). */
    public double circulationMolPerSecond() {
        return dilution.circulationMolPerSecond();
    }

    /** Dilution cooling at the mixing chamber at the last step, 84·ṅ·T², watts. */
    public double mixingChamberCoolingWatts() {
        return dilution.mxcCoolingWatts();
    }

    /** Mixture condensed so far, mol. */
    public double condensedMol() {
        return dilution.condensedMol();
    }

    /** Capacity of the pulse tube stage cooling a stage (50 K or 4 K plate) at a temperature, watts. */
    public double pulseTubeCapacityWatts(StageId stage, double kelvin) {
        if (stage == StageId.PLATE_50K) {
            return pulseTube1.capacityWatts(kelvin);
        }
        if (stage == StageId.PLATE_4K) {
            return pulseTube2.capacityWatts(kelvin);
        }
        throw new IllegalArgumentException("no pulse tube stage on " + stage.id());
    }

    /** Present heat capacity of a stage, J/K: its time constants follow from this. */
    public double heatCapacityJoulesPerKelvin(StageId stage) {
        return network.heatCapacityJoulesPerKelvin(node(stage));
    }

    /** Cumulative heat across the boundary since construction or the last re-base. */
    public EnergyLedger energyLedger() {
        return network.ledger;
    }

    /** Energy stored in the stages' copper, Σ n·∫₀ᵀ C dT, joules. */
    public double storedEnergyJoules() {
        return network.storedJoules();
    }

    /** Change of stored energy since the ledger started, joules. */
    public double storedEnergyChangeJoules() {
        return network.storedJoules() - storedAtLedgerStartJoules;
    }

    /** (heat in − heat out) − Δ stored: zero for a perfect integrator, joules. */
    public double energyBalanceErrorJoules() {
        EnergyLedger l = network.ledger;
        return l.heatInJoules() - l.heatOutJoules() - storedEnergyChangeJoules();
    }

    /** Restarts the ledger from the present state. */
    public void resetEnergyLedger() {
        network.ledger.reset();
        storedAtLedgerStartJoules = network.storedJoules();
    }

    /** Internal backward-Euler steps taken so far (diagnostics for the benchmark). */
    public long substeps() {
        return substeps;
    }

    /** Newton iterations (flow evaluations) so far, diagnostics for the benchmark. */
    public long newtonIterations() {
        return network.totalIterations();
    }

    /** A copy of the figures this plant was built with. */
    public PlantParameters parameters() {
        return parameters.copy();
    }

    // -------------------------------------------------------------------------------------- internals

    private void applyKnobs() {
        double g = dilution.switchesEngaged() ? parameters.get(PlantParameter.SWITCH_G) : 0;
        for (ConductanceLink s : switches) {
            s.setWattsPerKelvin(g);
        }
        double gas = vacuumPressurePascal * parameters.get(PlantParameter.VACUUM_G);
        for (ConductanceLink v : vacuumGas) {
            v.setWattsPerKelvin(gas);
        }
        boolean stopped = !pulseTube1.isRunning();
        stoppedTube1.setWattsPerKelvin(stopped ? parameters.get(PlantParameter.PT1_STOPPED_G) : 0);
        stoppedTube2.setWattsPerKelvin(stopped ? parameters.get(PlantParameter.PT2_STOPPED_G) : 0);
    }

    private int node(StageId stage) {
        int i = nodeOf[stage.ordinal()];
        if (i < 0) {
            throw new IllegalArgumentException("this plant has no stage '" + stage.id() + "'");
        }
        return i;
    }

    private static double requirePower(double watts) {
        if (!(watts >= 0) || watts == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("power must be finite and >= 0 W: " + watts);
        }
        return watts;
    }
}
