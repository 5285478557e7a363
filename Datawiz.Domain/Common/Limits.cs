namespace Datawiz.Domain.Common;

/// <summary>Lengths shared by validation, the database schema and the forms.</summary>
public static class Limits
{
    public const int NameLength = 100;
    public const int DescriptionLength = 2000;
    public const int ShortTextLength = 200;
    public const int CommentLength = 4000;
    public const int KeyLength = 64;
    public const int ValueLength = 1000;
    public const int CodeTemplateLength = 200_000;
    public const int ManifestLength = 200_000;
    public const int TagLength = 32;
    public const int MaxTags = 10;
}
