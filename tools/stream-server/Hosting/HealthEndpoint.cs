using HeartRateStreamer.StreamServer.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace HeartRateStreamer.StreamServer.Hosting;

/// <summary>GET /healthz: {"status":"ok"|"degraded","persistence":{...}} (<see cref="PersistenceStatus"/>),
/// so a saver that cannot write is seen by monitoring, not only in the log. Always 200 while the process serves.</summary>
public static class HealthEndpoint
{
    public static void Map(IEndpointRouteBuilder app, WriteBehindPersister persister)
    {
        app.MapGet("/healthz", () =>
        {
            PersistenceStatus persistence = persister.Health.Snapshot(persister.PendingPlots);
            return Results.Json(new { status = persistence.State == "ok" ? "ok" : "degraded", persistence });
        });
    }
}
