package cryo.sim.plant;

/**
 * The dilution unit: condensing the mixture, then circulation.
 *
 * <p><b>Circulation rate.</b> The still pump removes He-3 vapour at a rate set by the still's vapour
 * pressure, limited by the pump: ṅ = ṅ_vp·ṅ_pump/(ṅ_vp + ṅ_pump) with ṅ_vp = ṅ_ref·exp(T<sup>*</sup>·(1/T_ref − 1/T_still)).
 * Each mole evaporated takes L from the still. In steady state L·ṅ equals everything heating the still
 * (heater, conduction, and the heat the dilute stream brings up from the cold plate and mixing chamber),
 * so the still heater power sets ṅ, and the still temperature settles where the vapour pressure allows
 * that flow — the way a real still behaves. A circulation-loss fault diverts a fraction of the pumped He-3
 * (to the dump, a leak, a blocked condensing line): only (1 − loss)·ṅ returns to cool the mixing chamber.
 *
 * <p><b>He-3 in the vapour.</b> Only He-3 circulates: as the still warms past about 1 K its vapour turns
 * to He-4 and the He-3 circulation falls to nothing by 1.6 K (a smooth step, s(T_still)), while the pump
 * still takes away the vapour (and the still its latent heat). So a still warmed by a warm-up or a lost
 * pulse tube stops the dilution, as on a real fridge, where the old model pumped ever more He-3 and
 * cooled the mixing chamber.
 *
 * <p><b>Mixing chamber.</b> Q = 84·ṅ·T² (Pobell, perfect heat exchange) is taken from the liquid (its own
 * node, behind the Kapitza boundary to the plate), with T capped at the phase separation temperature (no
 * dilution above it). <b>Cold plate</b>: the heat exchangers' share, Q =
 * a_cp·ṅ·(T_cp² − T_mxc²). Both heats are carried up by the dilute stream and land on the still, which
 * evaporates them away: the only heat leaving the cryostat through the dilution unit is L·ṅ at the still.
 *
 * <p><b>Incoming gas.</b> The returning (or condensing) mixture arrives at room temperature and gives up
 * c_p·(T_room − T_50K) per mole on the 50 K plate and c_p·(T_50K − T_4K) (+ latent heat while condensing)
 * on the 4 K plate — which is why circulation and condensing load the pulse tube.
 *
 * <p><b>Automatic sequence</b> (no operator; can be switched off): PRECOOL until the 4 K plate and the still
 * are cold enough, CONDENSING until the mixture is in (fixed condensing rate), CIRCULATING after. If the
 * still warms past the boil-off temperature (pulse tube stopped, say) the mixture is lost back to the dump
 * and the sequence restarts from PRECOOL. The still heater is the board's: the plant never sets it.
 */
final class DilutionUnit extends HeatPath {

    private final int plate50k;
    private final int plate4k;
    private final int still;
    private final int coldPlate;
    /** the liquid in the mixing chamber (dilution cools it; the plate is behind the Kapitza boundary) */
    private final int mxc;
    private final double cutoffLowK;
    private final double cutoffHighK;

    private final double roomKelvin;
    private final double gasCp;
    private final double condenseRate;
    private final double condenseLatent;
    private final double mixtureMol;
    private final double condenseMax4k;
    private final double condenseMaxStill;
    private final double evaporatedStill;
    private final double stillLatent;
    private final double vapourScaleK;
    private final double refKelvin;
    private final double refFlow;
    private final double pumpMaxFlow;
    private final double mxcCoefficient;
    private final double cpCoefficient;
    private final double phaseSeparationK;
    private final boolean autoSequence;

    private DilutionPhase phase = DilutionPhase.PRECOOL;
    private double condensedMol;
    private double circulationLossFraction;

    /** flows at the last evaluation, for booking and read-out */
    private double lastMolPerSecond;
    private double lastGasWatts;
    private double lastEvaporationWatts;
    private double lastMxcCoolingWatts;

    DilutionUnit(PlantParameters p, int plate50k, int plate4k, int still, int coldPlate, int mixture) {
        super(null);
        cutoffLowK = p.get(PlantParameter.STILL_HE3_CUTOFF_LOW_K);
        cutoffHighK = p.get(PlantParameter.STILL_HE3_CUTOFF_HIGH_K);
        this.plate50k = plate50k;
        this.plate4k = plate4k;
        this.still = still;
        this.coldPlate = coldPlate;
        this.mxc = mixture;
        roomKelvin = p.get(PlantParameter.ROOM_K);
        gasCp = p.get(PlantParameter.GAS_CP);
        condenseRate = p.get(PlantParameter.CONDENSE_RATE);
        condenseLatent = p.get(PlantParameter.CONDENSE_LATENT);
        mixtureMol = p.get(PlantParameter.MIXTURE_MOL);
        condenseMax4k = p.get(PlantParameter.CONDENSE_4K_K);
        condenseMaxStill = p.get(PlantParameter.CONDENSE_STILL_K);
        evaporatedStill = p.get(PlantParameter.EVAPORATED_STILL_K);
        stillLatent = p.get(PlantParameter.STILL_LATENT);
        vapourScaleK = p.get(PlantParameter.STILL_VAPOUR_K);
        refKelvin = p.get(PlantParameter.STILL_REF_K);
        refFlow = p.get(PlantParameter.STILL_REF_FLOW);
        pumpMaxFlow = p.get(PlantParameter.PUMP_MAX_FLOW);
        mxcCoefficient = p.get(PlantParameter.MXC_COEFF);
        cpCoefficient = p.get(PlantParameter.CP_COEFF);
        phaseSeparationK = p.get(PlantParameter.PHASE_SEPARATION_K);
        autoSequence = p.get(PlantParameter.AUTO_SEQUENCE) >= 0.5;
    }

    DilutionPhase phase() {
        return phase;
    }

    void setPhase(DilutionPhase phase) {
        this.phase = phase;
        condensedMol = phase == DilutionPhase.CIRCULATING ? mixtureMol : 0;
    }

    boolean switchesEngaged() {
        return phase != DilutionPhase.CIRCULATING;
    }

    void setCirculationLossFraction(double fraction) {
        circulationLossFraction = fraction;
    }

    double circulationLossFraction() {
        return circulationLossFraction;
    }

    double circulationMolPerSecond() {
        return lastMolPerSecond;
    }

    double mxcCoolingWatts() {
        return lastMxcCoolingWatts;
    }

    double condensedMol() {
        return condensedMol;
    }

    @Override
    void accumulate(NetworkState s) {
        lastMolPerSecond = 0;
        lastGasWatts = 0;
        lastEvaporationWatts = 0;
        lastMxcCoolingWatts = 0;
        if (phase == DilutionPhase.PRECOOL) {
            return;
        }
        double t50 = s.kelvin[plate50k];
        double t4 = s.kelvin[plate4k];
        if (phase == DilutionPhase.CONDENSING) {
            double q50 = condenseRate * gasCp * (roomKelvin - t50);
            double q4 = condenseRate * (gasCp * (t50 - t4) + condenseLatent);
            s.source(plate50k, q50, -condenseRate * gasCp);
            s.source(plate4k, q4, -condenseRate * gasCp);
            s.addJac(plate4k, plate50k, condenseRate * gasCp);
            lastGasWatts = q50 + q4;
            return;
        }
        // CIRCULATING
        double ts = s.kelvin[still];
        double tc = s.kelvin[coldPlate];
        double tm = s.kelvin[mxc];
        double vp = refFlow * Math.exp(vapourScaleK / refKelvin - vapourScaleK / ts);
        double denom = vp + pumpMaxFlow;
        double pumped = vp * pumpMaxFlow / denom;
        // d(pumped)/dTs: d/dvp [vp·P/(vp+P)] = P²/(vp+P)², dvp/dTs = vp·T*/Ts²
        double dPumped = pumpMaxFlow * pumpMaxFlow / (denom * denom) * vp * vapourScaleK / (ts * ts);
        // circulation loss: that fraction of the pumped He-3 never comes back down the condensing line, so
        // it cools nothing below the still (the still still evaporates it). Scaling the pump instead would
        // do nothing: the still would warm until its vapour pressure restored the flow its heater sets.
        double keep = 1 - circulationLossFraction;
        double returned = keep * pumped;
        double dReturned = keep * dPumped;
        // the He-3 share of the vapour: 1 below cutoffLow, 0 above cutoffHigh, smoothstep between
        double share = 1;
        double dShare = 0;
        if (ts >= cutoffHighK) {
            share = 0;
        } else if (ts > cutoffLowK) {
            double w = cutoffHighK - cutoffLowK;
            double u = (ts - cutoffLowK) / w;
            share = 1 - u * u * (3 - 2 * u);
            dShare = -6 * u * (1 - u) / w;
        }
        double n = share * returned;
        double dn = share * dReturned + dShare * returned;

        boolean mxcSeparated = tm < phaseSeparationK;
        boolean cpSeparated = tc < phaseSeparationK;
        double tmEff = mxcSeparated ? tm : phaseSeparationK;
        double tcEff = cpSeparated ? tc : phaseSeparationK;

        double qm = mxcCoefficient * n * tmEff * tmEff;
        double qc = cpCoefficient * n * (tcEff * tcEff - tmEff * tmEff);
        double evap = stillLatent * pumped;

        // mixing chamber: -qm ; cold plate: -qc ; still: +qm + qc - evap
        s.watts[mxc] -= qm;
        s.watts[coldPlate] -= qc;
        s.watts[still] += qm + qc - evap;
        double dqmTm = mxcSeparated ? 2 * mxcCoefficient * n * tm : 0;
        double dqmTs = mxcCoefficient * dn * tmEff * tmEff;
        double dqcTc = cpSeparated ? 2 * cpCoefficient * n * tc : 0;
        double dqcTm = mxcSeparated ? -2 * cpCoefficient * n * tm : 0;
        double dqcTs = cpCoefficient * dn * (tcEff * tcEff - tmEff * tmEff);
        double devapTs = stillLatent * dPumped;
        s.addJac(mxc, mxc, -dqmTm);
        s.addJac(mxc, still, -dqmTs);
        s.addJac(coldPlate, coldPlate, -dqcTc);
        s.addJac(coldPlate, mxc, -dqcTm);
        s.addJac(coldPlate, still, -dqcTs);
        s.addJac(still, mxc, dqmTm + dqcTm);
        s.addJac(still, coldPlate, dqcTc);
        s.addJac(still, still, dqmTs + dqcTs - devapTs);

        // the returning gas (He-3 and any He-4 the pump took), cooled on the 50 K and 4 K plates
        double q50 = returned * gasCp * (roomKelvin - t50);
        double q4 = returned * gasCp * (t50 - t4);
        s.watts[plate50k] += q50;
        s.watts[plate4k] += q4;
        s.addJac(plate50k, plate50k, -returned * gasCp);
        s.addJac(plate50k, still, dReturned * gasCp * (roomKelvin - t50));
        s.addJac(plate4k, plate50k, returned * gasCp);
        s.addJac(plate4k, plate4k, -returned * gasCp);
        s.addJac(plate4k, still, dReturned * gasCp * (t50 - t4));

        lastMolPerSecond = n;
        lastGasWatts = q50 + q4;
        lastEvaporationWatts = evap;
        lastMxcCoolingWatts = qm;
    }

    @Override
    void book(EnergyLedger ledger, double dtSeconds) {
        ledger.book(EnergyAccount.MIXTURE_GAS, lastGasWatts * dtSeconds);
        ledger.book(EnergyAccount.DILUTION, -lastEvaporationWatts * dtSeconds);
    }

    /** Advances the automatic sequence after an accepted step, at the step's end temperatures. */
    void advanceSequence(double dtSeconds, double[] kelvin) {
        if (!autoSequence) {
            if (phase == DilutionPhase.CONDENSING) {
                condensedMol = Math.min(mixtureMol, condensedMol + condenseRate * dtSeconds);
            }
            return;
        }
        double t4 = kelvin[plate4k];
        double ts = kelvin[still];
        switch (phase) {
            case PRECOOL:
                if (t4 < condenseMax4k && ts < condenseMaxStill) {
                    phase = DilutionPhase.CONDENSING;
                    condensedMol = 0;
                }
                break;
            case CONDENSING:
                if (t4 > evaporatedStill || ts > evaporatedStill) {
                    setPhase(DilutionPhase.PRECOOL);
                    break;
                }
                condensedMol += condenseRate * dtSeconds;
                if (condensedMol >= mixtureMol) {
                    condensedMol = mixtureMol;
                    phase = DilutionPhase.CIRCULATING;
                }
                break;
            case CIRCULATING:
                if (ts > evaporatedStill) {
                    setPhase(DilutionPhase.PRECOOL);
                }
                break;
            default:
                throw new IllegalStateException(phase.name());
        }
    }
}
