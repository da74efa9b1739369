namespace TrioSharp.Downloads;

/// <summary>What a download does when its file name is already taken, on disk or by another download of the same run.</summary>
public enum CollisionPolicy
{
    /// <summary>Save under the next free name: <c>name.1.ext</c>, <c>name.2.ext</c>, ...</summary>
    Suffix,

    /// <summary>Fail that file at once with <see cref="DownloadFailure.NameCollision"/>; the others go on.</summary>
    Fail,

    /// <summary>Replace an existing file (downloads of the same run still get suffixes rather than replace each other).</summary>
    Overwrite,
}
