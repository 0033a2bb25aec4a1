package cryo.workstation.mqtt;

import cryo.controller.mqtt.BrokerOptions;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;

/**
 * MQTT 3.1.1 connect options for the workstation's supervisor clients (watch, alarms, cmd, the
 * exporter), from the same checked broker options the node uses. Here and not in the controller,
 * so the firmware ships the MQTT 5 client only.
 */
public final class Mqtt311Options {
    private Mqtt311Options() {
    }

    /**
     * Checks everything ({@link BrokerOptions#check}) and builds 3.1.1 options (without will,
     * clean session or timeouts: the caller adds those).
     *
     * @throws IllegalArgumentException one line naming the option at fault
     */
    public static MqttConnectOptions of(BrokerOptions broker) {
        BrokerOptions.Checked c = broker.check();
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        if (c.username() != null) {
            o.setUserName(c.username());
        }
        if (c.password() != null) {
            o.setPassword(c.password());
        }
        if (c.socketFactory() != null) {
            o.setSocketFactory(c.socketFactory());
            o.setHttpsHostnameVerificationEnabled(true);
        }
        return o;
    }
}
