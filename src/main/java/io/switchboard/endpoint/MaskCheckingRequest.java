package io.switchboard.endpoint;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpUpgradeHandler;
import java.io.IOException;
import org.glassfish.tyrus.servlet.TyrusHttpUpgradeHandler;

/**
 * An upgrade request that hands Tyrus a {@link MaskCheckingUpgradeHandler} where it asks the
 * container for its own handler: the servlet API lets a wrapper choose the class the container
 * instantiates, and the subclass is still the handler Tyrus and the container expect.
 */
final class MaskCheckingRequest extends HttpServletRequestWrapper {

    MaskCheckingRequest(HttpServletRequest request) {
        super(request);
    }

    @Override
    public <T extends HttpUpgradeHandler> T upgrade(Class<T> handlerClass) throws IOException, ServletException {
        if (handlerClass == TyrusHttpUpgradeHandler.class) {
            return handlerClass.cast(super.upgrade(MaskCheckingUpgradeHandler.class));
        }
        return super.upgrade(handlerClass);
    }
}
