using Microsoft.Extensions.DependencyInjection;

namespace Datawiz.Infrastructure.Reviews;

public static class ReviewsRegistration
{
    /// <summary>The review queue and decisions; a singleton with one short context per call.</summary>
    public static IServiceCollection AddReviews(this IServiceCollection services) =>
        services.AddSingleton<ReviewService>();
}
