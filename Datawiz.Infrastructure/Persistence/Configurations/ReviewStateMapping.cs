using Datawiz.Domain.Common;
using Datawiz.Domain.Reviews;
using Datawiz.Infrastructure.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Datawiz.Infrastructure.Persistence.Configurations;

/// <summary>
/// Maps an item's <see cref="ReviewState"/> into the item's own table, one column per part, under the
/// names the columns had before the state was one type, so sensor types and templates map it alike.
/// </summary>
internal static class ReviewStateMapping
{
    public static void MapReview<TOwner>(this EntityTypeBuilder<TOwner> owner, System.Linq.Expressions.Expression<Func<TOwner, ReviewState?>> review)
        where TOwner : class
    {
        owner.OwnsOne(review, state =>
        {
            state.Property(r => r.Status).HasColumnName(nameof(ReviewState.Status)).HasConversion<string>().HasMaxLength(16);
            state.Property(r => r.SubmittedById).HasColumnName(nameof(ReviewState.SubmittedById));
            state.Property(r => r.SubmittedAt).HasColumnName(nameof(ReviewState.SubmittedAt));
            state.Property(r => r.ReviewComment).HasColumnName(nameof(ReviewState.ReviewComment)).HasMaxLength(Limits.CommentLength);
            state.Property(r => r.ReviewedById).HasColumnName(nameof(ReviewState.ReviewedById));
            state.Property(r => r.ReviewedAt).HasColumnName(nameof(ReviewState.ReviewedAt));
            state.HasIndex(r => r.Status);
            state.HasOne<ApplicationUser>().WithMany().HasForeignKey(r => r.SubmittedById).OnDelete(DeleteBehavior.SetNull);
        });
        // Every item has a review state; required, so EF never reads one back as missing.
        owner.Navigation(review).IsRequired();
    }
}
