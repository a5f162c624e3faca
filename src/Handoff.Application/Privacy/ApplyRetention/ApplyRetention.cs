using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Handoff.Application.Privacy.ApplyRetention;

/// <summary>One retention pass: removes what is older than <see cref="RetentionOptions"/> allows, as of now.</summary>
public sealed record ApplyRetentionCommand : ICommand<RemovedData>;

public sealed class ApplyRetentionCommandHandler(IPrivacyStore store, IOptions<RetentionOptions> options, TimeProvider clock, ILogger<ApplyRetentionCommandHandler> logger)
    : ICommandHandler<ApplyRetentionCommand, RemovedData>
{
    public async ValueTask<RemovedData> Handle(ApplyRetentionCommand command, CancellationToken cancellationToken)
    {
        var removed = await store.PurgeAsync(options.Value.CutoffsAt(clock.GetUtcNow()), cancellationToken);
        if (removed != new RemovedData())
        {
            logger.LogInformation("Retention removed {Removed}.", removed);
        }

        return removed;
    }
}
