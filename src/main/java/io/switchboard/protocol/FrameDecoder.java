package io.switchboard.protocol;

import io.switchboard.config.Setting;
import jakarta.websocket.Decoder;
import jakarta.websocket.EndpointConfig;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/** JSR-356 decoder for client frames; malformed input decodes to {@link ClientFrame.Malformed}. */
public final class FrameDecoder implements Decoder.Text<ClientFrame> {

    private FrameParser parser;

    @Override
    public void init(EndpointConfig config) {
        Config settings = ConfigProvider.getConfig();
        parser = new FrameParser(Setting.MAX_JSON_DEPTH.intValue(settings),
                Setting.MAX_MESSAGE_BYTES.intValue(settings));
    }

    @Override
    public ClientFrame decode(String text) {
        return parser.parse(text);
    }

    @Override
    public boolean willDecode(String text) {
        return true;
    }
}
