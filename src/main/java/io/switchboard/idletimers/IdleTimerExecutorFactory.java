package io.switchboard.idletimers;

import java.util.Hashtable;
import javax.naming.Context;
import javax.naming.Name;
import javax.naming.spi.ObjectFactory;

/** Makes the one {@link IdleTimerExecutor} of the server available as a JNDI custom resource. */
public class IdleTimerExecutorFactory implements ObjectFactory {

    private static final int THREADS = 2;

    private static final class Holder {
        static final IdleTimerExecutor EXECUTOR = new IdleTimerExecutor(THREADS);
    }

    @Override
    public Object getObjectInstance(Object reference, Name name, Context context, Hashtable<?, ?> environment) {
        return Holder.EXECUTOR;
    }
}
