package dev.llmsuite.tenancy;

import dev.llmsuite.openai.OpenAiException;
import jakarta.enterprise.context.RequestScoped;

/** The tenant of the request being served, set by {@link ApiKeyFilter} from the bearer key. */
@RequestScoped
public class CurrentTenant {

    private String id;
    private boolean admin;

    void authenticate(String tenantId, boolean isAdmin) {
        this.id = tenantId;
        this.admin = isAdmin;
    }

    /** The tenant id; requests under /v1 never reach a resource without one. */
    public String id() {
        if (id == null) {
            throw OpenAiException.unauthorized("No API key was authenticated for this request.");
        }
        return id;
    }

    public boolean isAdmin() {
        return admin;
    }

    /** Fails with 403 unless the caller holds an admin key. */
    public void requireAdmin() {
        id();
        if (!admin) {
            throw OpenAiException.forbidden("This operation needs an admin API key.");
        }
    }
}
