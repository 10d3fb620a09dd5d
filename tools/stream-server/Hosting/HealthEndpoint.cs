using HeartRateStreamer.StreamServer.Cluster;
using HeartRateStreamer.StreamServer.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace HeartRateStreamer.StreamServer.Hosting;

/// <summary>GET /healthz: {"status":"ok"|"degraded","persistence":{...}} (<see cref="PersistenceStatus"/>),
/// so a saver that cannot write is seen by monitoring, not only in the log; a cluster node adds
/// "cluster":"connected"|"redis unreachable" (degraded without Redis). 200 while the process serves: a node without
/// Redis still serves its own streams and viewers, so HAProxy keeps sending it connections. A node at --max-connections
/// refuses the check's connection as any other (503, <see cref="ConnectionLimitMiddleware"/>): HAProxy then sends new
/// clients elsewhere until it has room.</summary>
public static class HealthEndpoint
{
    public static void Map(IEndpointRouteBuilder app, WriteBehindPersister persister, ClusterNode? cluster)
    {
        app.MapGet("/healthz", () =>
        {
            PersistenceStatus persistence = persister.Health.Snapshot(persister.PendingPlots);
            string status = persistence.State == "ok" && cluster?.IsConnected != false ? "ok" : "degraded";
            return cluster is null
                ? Results.Json(new { status, persistence })
                : Results.Json(new { status, persistence, cluster = cluster.State });
        });
    }
}
