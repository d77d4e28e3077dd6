package dev.llmsuite.deploy;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The "restricted" Pod Security Standard (kubernetes.io/docs/concepts/security/pod-security-standards),
 * checked on a pod spec: what the admission controller of a namespace labelled
 * {@code pod-security.kubernetes.io/enforce: restricted} would reject.
 */
final class RestrictedPodSecurity {

    private static final Set<String> ALLOWED_CAPABILITIES = Set.of("NET_BIND_SERVICE");
    private static final Set<String> SECCOMP_TYPES = Set.of("RuntimeDefault", "Localhost");

    private RestrictedPodSecurity() {
    }

    static List<String> violations(PodSpec pod) {
        List<String> found = new ArrayList<>();
        PodSecurityContext podContext = pod.getSecurityContext() == null ? new PodSecurityContext() : pod.getSecurityContext();
        if (Boolean.TRUE.equals(pod.getHostNetwork()) || Boolean.TRUE.equals(pod.getHostPID()) || Boolean.TRUE.equals(pod.getHostIPC())) {
            found.add("host namespaces");
        }
        for (Volume volume : pod.getVolumes()) {
            boolean allowedType = volume.getConfigMap() != null || volume.getCsi() != null || volume.getDownwardAPI() != null
                    || volume.getEmptyDir() != null || volume.getEphemeral() != null || volume.getPersistentVolumeClaim() != null
                    || volume.getProjected() != null || volume.getSecret() != null;
            if (!allowedType) {
                found.add("volume " + volume.getName() + " is of a type the restricted profile forbids");
            }
        }
        if (Long.valueOf(0).equals(podContext.getRunAsUser())) {
            found.add("pod runAsUser 0");
        }
        for (Container container : Stream.concat(pod.getInitContainers().stream(), pod.getContainers().stream()).toList()) {
            String name = "container " + container.getName() + ": ";
            SecurityContext context = container.getSecurityContext();
            if (context == null) {
                found.add(name + "no securityContext");
                continue;
            }
            if (Boolean.TRUE.equals(context.getPrivileged())) {
                found.add(name + "privileged");
            }
            if (!Boolean.FALSE.equals(context.getAllowPrivilegeEscalation())) {
                found.add(name + "allowPrivilegeEscalation is not false");
            }
            boolean nonRoot = context.getRunAsNonRoot() != null ? context.getRunAsNonRoot() : Boolean.TRUE.equals(podContext.getRunAsNonRoot());
            if (!nonRoot) {
                found.add(name + "runAsNonRoot is not true");
            }
            if (Long.valueOf(0).equals(context.getRunAsUser())) {
                found.add(name + "runAsUser 0");
            }
            String seccomp = context.getSeccompProfile() != null ? context.getSeccompProfile().getType()
                    : podContext.getSeccompProfile() != null ? podContext.getSeccompProfile().getType() : null;
            if (!SECCOMP_TYPES.contains(seccomp)) {
                found.add(name + "seccompProfile is " + seccomp);
            }
            Capabilities capabilities = context.getCapabilities();
            if (capabilities == null || !capabilities.getDrop().contains("ALL")) {
                found.add(name + "capabilities do not drop ALL");
            } else if (!ALLOWED_CAPABILITIES.containsAll(capabilities.getAdd())) {
                found.add(name + "adds capabilities " + capabilities.getAdd());
            }
            if (container.getPorts().stream().anyMatch(port -> port.getHostPort() != null)) {
                found.add(name + "hostPort");
            }
        }
        return found;
    }
}
