using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace TrioSharp.Mirror;

/// <summary>Serves a file with <c>ETag</c>, <c>Last-Modified</c>, and single-range <c>Range</c>/<c>If-Range</c> support.</summary>
internal static class RangeResponder
{
    /// <summary>The answer to a GET or HEAD of <paramref name="content"/>: 200, 206, 304 (for <c>If-Modified-Since</c>), or 416.</summary>
    public static MirrorResponse Answer(
        MirrorContent content, string contentType, string etag, DateTimeOffset modified, IHeaderDictionary request, MirrorFaults faults)
    {
        var lastModified = modified.ToString("R", CultureInfo.InvariantCulture);
        var length = content.Length;
        MirrorResponse response;
        if (!faults.IgnoreIfModifiedSince && HeaderUtilities.TryParseDate(request.IfModifiedSince.ToString(), out var since)
            && modified <= since && request.IfNoneMatch.Count == 0)
        {
            response = new MirrorResponse(StatusCodes.Status304NotModified, null, MirrorContent.Empty);
        }
        else if (!faults.IgnoreRange && TryRange(request, length, etag, lastModified, out var start, out var end, out var unsatisfiable))
        {
            if (unsatisfiable)
            {
                response = new MirrorResponse(StatusCodes.Status416RangeNotSatisfiable, null, MirrorContent.Empty);
                response.Headers[HeaderNames.ContentRange] = $"bytes */{length}";
            }
            else
            {
                response = new MirrorResponse(StatusCodes.Status206PartialContent, contentType, content.Slice(start, end - start + 1));
                response.Headers[HeaderNames.ContentRange] = $"bytes {start}-{end}/{length}";
            }
        }
        else
        {
            response = new MirrorResponse(StatusCodes.Status200OK, contentType, content);
        }

        response.Headers[HeaderNames.ETag] = etag;
        response.Headers[HeaderNames.LastModified] = lastModified;
        if (!faults.IgnoreRange)
        {
            response.Headers[HeaderNames.AcceptRanges] = "bytes";
        }

        return response;
    }

    private static bool TryRange(
        IHeaderDictionary request, long length, string etag, string lastModified, out long start, out long end, out bool unsatisfiable)
    {
        start = end = 0;
        unsatisfiable = false;
        var range = request.Range.ToString();
        if (!range.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase) || range.Contains(',', StringComparison.Ordinal))
        {
            return false;
        }

        // If-Range: the range applies only if the client's validator still names this content.
        var ifRange = request.IfRange.ToString();
        if (ifRange.Length > 0 && ifRange != etag && ifRange != lastModified)
        {
            return false;
        }

        var spec = range["bytes=".Length..].Trim();
        var dash = spec.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0)
        {
            return false;
        }

        var first = spec[..dash];
        var last = spec[(dash + 1)..];
        if (first.Length == 0)
        {
            if (!long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var suffix))
            {
                return false;
            }

            start = Math.Max(0, length - suffix);
            end = length - 1;
            unsatisfiable = suffix == 0 || length == 0;
            return true;
        }

        if (!long.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var from))
        {
            return false;
        }

        var to = length - 1;
        if (last.Length > 0 && (!long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out to) || to < from))
        {
            return false;
        }

        if (from >= length)
        {
            unsatisfiable = true;
            return true;
        }

        start = from;
        end = Math.Min(to, length - 1);
        return true;
    }
}
