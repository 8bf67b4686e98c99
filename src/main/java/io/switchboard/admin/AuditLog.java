package io.switchboard.admin;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The audit log in the database: the resources write a row after an admin's or moderator's action
 * succeeded, whether it came from the console or straight from the API. Callers pass names, ids
 * and flags only, never a password or a key's value.
 */
@ApplicationScoped
public class AuditLog {

    private static final Logger LOG = Logger.getLogger(AuditLog.class.getName());
    private static final int MAX_DETAIL = 500;

    @PersistenceContext(unitName = "switchboard")
    EntityManager em;

    /**
     * Records an action that has been done. A failure to write is logged, not raised: the action
     * took effect, and answering it as failed would have the client repeat it.
     */
    @Transactional
    public void record(Caller caller, AuditAction action, String target, String detail, HttpServletRequest request) {
        try {
            em.persist(new AuditEntry(System.currentTimeMillis(), caller.name(), action.wire(), cut(target, 200),
                    detail == null ? null : cut(detail, MAX_DETAIL), cut(request.getRemoteAddr(), 64)));
            em.flush(); // here, so a failed insert is caught rather than raised at the commit
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "the audit row of " + action.wire() + " by " + caller.name() + " was not written", e);
        }
    }

    /** Up to {@code limit} entries, newest first, with ids below {@code before} when it is given. */
    @Transactional
    public List<AuditEntry> page(Long before, int limit) {
        TypedQuery<AuditEntry> query = before == null
                ? em.createQuery("select e from AuditEntry e order by e.id desc", AuditEntry.class)
                : em.createQuery("select e from AuditEntry e where e.id < :before order by e.id desc", AuditEntry.class)
                        .setParameter("before", before);
        return query.setMaxResults(limit).getResultList();
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
